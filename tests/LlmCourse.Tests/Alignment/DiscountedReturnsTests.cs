using LlmCourse.Alignment;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Alignment;

[Collection("Sequential")]
public sealed class DiscountedReturnsTests
{
    [Fact]
    public void Compute_HandCase_MatchesTheBackwardSum()
    {
        // γ = 0.5, rewards 1, 0, 2: G2 = 2, G1 = 0 + 0.5·2 = 1, G0 = 1 + 0.5·1 = 1.5.
        Assert.Equal([1.5, 1.0, 2.0], DiscountedReturns.Compute([1.0, 0.0, 2.0], 0.5));
        // γ = 1: every prefix is credited with the full final reward.
        Assert.Equal([1.0, 1.0, 1.0], DiscountedReturns.Compute([0.0, 0.0, 1.0], 1.0));
    }

    [Fact]
    public void Compute_Tensor_MatchesArrays_AndPaddingEarnsNothing()
    {
        var rewards = tensor(new float[,] { { 1, 0, 2, 9 }, { 0, 1, 5, 5 } });
        var mask = tensor(new float[,] { { 1, 1, 1, 0 }, { 1, 1, 0, 0 } });
        var returns = DiscountedReturns.Compute(rewards, mask, 0.5);
        Assert.Equal(new[] { 1.5f, 1f, 2f, 0f }, returns[0].data<float>().ToArray());
        Assert.Equal(new[] { 0.5f, 1f, 0f, 0f }, returns[1].data<float>().ToArray());
    }

    [Fact]
    public void Compute_GammaOutsideUnitInterval_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DiscountedReturns.Compute([1.0], 1.5));
}
