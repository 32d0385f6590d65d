using LlmCourse.FineTuning;
using LlmCourse.Gpt;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.FineTuning;

[Collection("Sequential")]
public sealed class LoraTests
{
    private static GptModel Nano()
    {
        random.manual_seed(7);
        return new GptModel(GptConfig.Nano(11));
    }

    private static Tensor Ids() => randint(0, 11, [2, 9], dtype: ScalarType.Int64);

    [Fact]
    public void Apply_StartsExactlyAtTheBase()
    {
        var model = Nano();
        var ids = Ids();
        var before = model.call(ids);

        Lora.Apply(model, rank: 4, alpha: 8);

        Assert.True(model.call(ids).allclose(before, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Merge_GivesTheSameOutputsAndThePlainModelsKeys()
    {
        var model = Nano();
        var keys = model.state_dict().Keys.ToHashSet();
        long count = model.ParameterCount();
        var trainable = Lora.Apply(model, rank: 2, alpha: 4);
        using (no_grad())
            foreach (var p in trainable)
                p.normal_(0, 0.1);            // B is no longer 0: the update is real
        var ids = Ids();
        var adapted = model.call(ids);
        Assert.False(adapted.allclose(new GptModel(model.Config).call(ids)));

        int merged = Lora.Merge(model);

        Assert.Equal(4 * model.Config.NLayer, merged);
        Assert.True(model.call(ids).allclose(adapted, rtol: 0, atol: 1e-5));
        Assert.Equal(keys, model.state_dict().Keys.ToHashSet());
        Assert.Equal(count, model.ParameterCount());
    }

    [Fact]
    public void Apply_OnlyTheLoraMatricesGetGradients()
    {
        var model = Nano();
        var trainable = Lora.Apply(model, rank: 2, alpha: 2);
        model.call(Ids()).square().mean().backward();

        var withGradient = model.parameters().Where(p => p.grad is not null).ToList();
        Assert.Equal(trainable.Count, withGradient.Count);
        Assert.All(withGradient, p => Assert.Contains(p, trainable));
        Assert.Equal(2 * 4 * model.Config.NLayer, trainable.Count);
        Assert.Contains("transformer.h.0.attn.c_attn.lora_A", model.state_dict().Keys);
    }

    [Fact]
    public void Apply_CountsRTimesInPlusOutPerProjection()
    {
        var model = Nano();
        int c = model.Config.NEmbd;
        var counts = ParameterCounts.Of(Lora.Apply(model, rank: 3, alpha: 3, ["attn.c_attn"]), 1000);

        Assert.Equal(model.Config.NLayer * 3L * (c + 3 * c), counts.Trainable);
        Assert.Equal(100.0 * counts.Trainable / 1000, counts.Percent, 9);
    }

    [Fact]
    public void LoraLinear_ScalingIsAlphaOverRankAndTheUpdateIsBA()
    {
        random.manual_seed(3);
        var linear = nn.Linear(6, 5);
        var lora = new LoraLinear(linear, rank: 2, alpha: 3);
        using (no_grad())
            lora.LoraParameters[1].normal_();
        var x = randn(4, 6);
        var byHand = linear.call(x) + x.matmul(lora.LoraParameters[0].t()).matmul(lora.LoraParameters[1].t()) * 1.5;

        Assert.Equal(1.5, lora.Scaling);
        Assert.True(lora.call(x).allclose(byHand, rtol: 0, atol: 1e-5));
        Assert.True(lora.Merge().call(x).allclose(byHand, rtol: 0, atol: 1e-5));
    }

    [Theory]
    [InlineData(0, 1.0, "rank")]
    [InlineData(6, 1.0, "rank")]
    [InlineData(2, 0.0, "alpha")]
    [InlineData(2, double.NaN, "alpha")]
    public void LoraLinear_RejectsABadRankOrAlpha(int rank, double alpha, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LoraLinear(nn.Linear(6, 5), rank, alpha));
        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void Apply_Twice_SaysTheModelIsAlreadyWrapped()
    {
        var model = Nano();
        Lora.Apply(model, 2, 2);
        var error = Assert.Throws<InvalidOperationException>(() => Lora.Apply(model, 2, 2));
        Assert.Contains("already wrapped", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_UnknownTarget_NamesTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => Lora.Apply(Nano(), 2, 2, ["attn.q_proj"]));
        Assert.Contains("attn.c_attn", error.Message, StringComparison.Ordinal);
    }
}
