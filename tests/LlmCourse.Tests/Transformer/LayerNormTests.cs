using LlmCourse.Tests.Attention;
using TorchSharp;
using static TorchSharp.torch;
using LayerNorm = LlmCourse.Transformer.LayerNorm;

namespace LlmCourse.Tests.Transformer;

[Collection("Sequential")]
public sealed class LayerNormTests
{
    [Fact]
    public void Forward_TrainedLookingWeights_EqualsTorchLayerNorm()
    {
        random.manual_seed(0);
        var ours = new LayerNorm(16);
        var theirs = nn.LayerNorm(16);
        using (no_grad())
        {
            ours.Weight.copy_(randn(16));
            ours.Bias!.copy_(randn(16));
            theirs.weight!.copy_(ours.Weight);
            theirs.bias!.copy_(ours.Bias);
        }
        var x = randn(3, 5, 16) * 4 + 2;

        Assert.True(TensorAsserts.MaxDifference(ours.call(x), theirs.call(x)) < 1e-5);
    }

    [Fact]
    public void Forward_FreshLayer_EachPositionHasMeanZeroAndVarianceOne()
    {
        var y = new LayerNorm(32).call(randn(4, 7, 32) * 10 + 3);

        Assert.True(y.mean([-1]).abs().max().item<float>() < 1e-5);
        Assert.True((y.var([-1], unbiased: false) - 1).abs().max().item<float>() < 1e-3);
    }

    [Fact]
    public void StateDict_WithAndWithoutBias_NamesAsTorch()
    {
        Assert.Equal(["weight", "bias"], new LayerNorm(4).state_dict().Keys);
        Assert.Equal(["weight"], new LayerNorm(4, bias: false).state_dict().Keys);
    }

    [Fact]
    public void Forward_WrongWidth_ThrowsNamingBoth()
    {
        var error = Assert.Throws<ArgumentException>(() => new LayerNorm(8).call(zeros(2, 6)));

        Assert.Contains("LayerNorm(8)", error.Message);
        Assert.Contains("[2, 6]", error.Message);
    }
}
