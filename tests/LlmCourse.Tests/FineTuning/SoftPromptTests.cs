using LlmCourse.FineTuning;
using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Tests.FineTuning;

[Collection("Sequential")]
public sealed class SoftPromptTests
{
    private static GptModel Nano()
    {
        random.manual_seed(9);
        return new GptModel(GptConfig.Nano(11));   // block size 32
    }

    [Fact]
    public void Forward_GivesLogitsForTheTextPositionsOnly()
    {
        var model = Nano();
        var prompt = new SoftPrompt(model, 5);
        var ids = randint(0, 11, [3, 6], dtype: ScalarType.Int64);

        var logits = prompt.call(ids);

        Assert.Equal(new long[] { 3, 6, 11 }, logits.shape);
        Assert.Equal(["prefix"], prompt.state_dict().Keys);
        Assert.Equal(5L * model.Config.NEmbd, ParameterCounts.Of(prompt.parameters(), model.ParameterCount()).Trainable);
    }

    [Fact]
    public void Forward_EqualsTheModelRunOnPrefixThenText()
    {
        var model = Nano();
        var prompt = new SoftPrompt(model, 4);
        var ids = randint(0, 11, [2, 5], dtype: ScalarType.Int64);
        var table = model.Transformer.TokenEmbedding.weight;
        // By hand: the prefix rows, then the text's embedding rows, positions 0 … 8, keep the last 5 outputs.
        var embeddings = cat([prompt.Prefix.unsqueeze(0).expand(2, -1, -1), table.index_select(0, ids.reshape(-1)).reshape(2, 5, -1)], 1);
        var expected = model.ForwardEmbeddings(embeddings)[.., 4.., ..];

        Assert.True(prompt.call(ids).allclose(expected, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void ForwardEmbeddings_OfTheTokenRows_EqualsForward()
    {
        var model = Nano();
        var ids = randint(0, 11, [2, 8], dtype: ScalarType.Int64);
        var rows = model.Transformer.TokenEmbedding.call(ids);

        Assert.True(model.ForwardEmbeddings(rows).allclose(model.call(ids), rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Forward_PrefixAndTextBeyondTheBlock_SaysWhatToShorten()
    {
        var model = Nano();
        var prompt = new SoftPrompt(model, 8);
        var ids = zeros(1, 25, dtype: ScalarType.Int64);     // 8 + 25 > 32

        var error = Assert.Throws<ArgumentException>(() => prompt.call(ids));
        Assert.Contains("exceed the model's context of 32", error.Message, StringComparison.Ordinal);
        Assert.Equal(new long[] { 1, 24, 11 }, prompt.call(ids[.., ..24]).shape);
    }

    [Fact]
    public void Constructor_PrefixAsLongAsTheBlock_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SoftPrompt(Nano(), 32));
        Assert.Equal("length", error.ParamName);
    }

    [Fact]
    public void Training_ChangesOnlyThePrefix()
    {
        var model = Nano();
        Lora.Freeze(model);
        var prompt = new SoftPrompt(model, 3);
        var start = prompt.Prefix.detach().clone();
        var ids = randint(0, 11, [2, 6], dtype: ScalarType.Int64);

        prompt.call(ids).square().mean().backward();

        Assert.NotNull(prompt.Prefix.grad);
        Assert.All(model.parameters(), p => Assert.Null(p.grad));
        Assert.True(prompt.Prefix.allclose(start, rtol: 0, atol: 0));
    }
}
