using LlmCourse.Data;
using LlmCourse.LanguageModels;
using LlmCourse.Text;
using LlmCourse.Training;
using static TorchSharp.torch;

namespace LlmCourse.Tests.LanguageModels;

[Collection("Sequential")]
public sealed class MlpLanguageModelTests
{
    private static readonly CharVocabulary Vocabulary = CharVocabulary.FromText(["abcdefghijklmnopqrstuvwxyz"]);

    [Fact]
    public void Forward_BatchOfContexts_GivesOneScorePerTokenPerRow()
    {
        random.manual_seed(0);
        var model = new MlpLanguageModel(new MlpConfig(Vocabulary.Size, BlockSize: 3, EmbeddingSize: 10, HiddenSize: 200));

        var logits = model.call(randint(0, Vocabulary.Size, [4, 3]));

        Assert.Equal(new long[] { 4, 27 }, logits.shape);
        Assert.Equal(new long[] { 27, 10 }, model.Embeddings.shape);
    }

    [Fact]
    public void Parameters_MakemoresSizes_Number11897()
    {
        var model = new MlpLanguageModel(new MlpConfig(27, 3, 10, 200));

        long count = model.parameters().Sum(p => p.numel());

        // C 27·10 + hidden 30·200 + 200 + output 200·27 + 27, as makemore part 2 counts.
        Assert.Equal(11_897, count);
        Assert.Equal(["C", "hidden.weight", "hidden.bias", "output.weight", "output.bias"], model.state_dict().Keys);
    }

    [Fact]
    public void Training_OnOneName_DrivesTheLossNearZeroAndSamplesIt()
    {
        random.manual_seed(0);
        var model = new MlpLanguageModel(new MlpConfig(Vocabulary.Size, 3, 8, 32));
        var (x, y) = ContextWindows.Build(["emma"], Vocabulary, 3);       // 5 windows, every context different
        using var optimizer = optim.Adam(model.parameters(), 0.02);

        var history = TrainingLoop.Run(model, _ => (x, y), optimizer, steps: 200);

        Assert.True(history.Losses[0] > 2.5, $"first loss {history.Losses[0]} should be near ln 27");
        Assert.True(history.Losses[^1] < 0.05, $"last loss {history.Losses[^1]} should be near 0");
        Assert.True(Evaluation.MeanLoss(model, x, y) < 0.05);
        Assert.All(model.Sample(Vocabulary, 5, new Generator(3)), name => Assert.Equal("emma", name));
    }

    [Fact]
    public void Sample_SameSeed_SameNames_AnotherSeed_OtherNames()
    {
        random.manual_seed(0);
        var model = new MlpLanguageModel(new MlpConfig(Vocabulary.Size, 3, 4, 16));

        var first = model.Sample(Vocabulary, 10, new Generator(7), maxLength: 12);
        var again = model.Sample(Vocabulary, 10, new Generator(7), maxLength: 12);
        var other = model.Sample(Vocabulary, 10, new Generator(8), maxLength: 12);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.All(first, name => Assert.True(name.Length <= 12));
    }

    [Fact]
    public void Sample_LeavesTheModelInTrainingMode()
    {
        var model = new MlpLanguageModel(new MlpConfig(Vocabulary.Size, 3, 4, 16));
        model.train();

        model.Sample(Vocabulary, 1, new Generator(1));

        Assert.True(model.training);
    }

    [Fact]
    public void Sample_AnotherVocabulary_ThrowsNamingBothSizes()
    {
        var model = new MlpLanguageModel(new MlpConfig(Vocabulary.Size, 3, 4, 16));
        var small = CharVocabulary.FromText(["ab"]);

        var error = Assert.Throws<ArgumentException>(() => model.Sample(small, 1, new Generator(1)));

        Assert.Contains("3 tokens", error.Message);
        Assert.Contains("27", error.Message);
    }

    [Fact]
    public void Constructor_ZeroHiddenSize_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MlpLanguageModel(new MlpConfig(27, 3, 10, 0)));

        Assert.Equal("HiddenSize", error.ParamName);
    }
}
