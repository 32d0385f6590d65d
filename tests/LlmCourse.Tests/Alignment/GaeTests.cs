using LlmCourse.Alignment;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Alignment;

[Collection("Sequential")]
public sealed class GaeTests
{
    private static readonly double[] Rewards = [0.0, 0.0, 1.0];
    private static readonly double[] Values = [0.5, 0.6, 0.7];

    [Fact]
    public void Compute_LambdaOne_IsDiscountedReturnsMinusValues()
    {
        // γ = 0.9: returns 0.81, 0.9, 1 → advantages 0.31, 0.30, 0.30.
        var (advantages, returns) = Gae.Compute(Rewards, Values, 0.9, 1.0);
        var expected = DiscountedReturns.Compute(Rewards, 0.9).Select((g, t) => g - Values[t]).ToArray();
        Assert.Equal(expected, advantages, new Tolerance(1e-12));
        Assert.Equal([0.31, 0.30, 0.30], advantages, new Tolerance(1e-12));
        Assert.Equal([0.81, 0.9, 1.0], returns, new Tolerance(1e-12));
    }

    [Fact]
    public void Compute_LambdaZero_IsTheOneStepTdErrors()
    {
        // δ0 = 0 + 0.9·0.6 − 0.5 = 0.04, δ1 = 0 + 0.9·0.7 − 0.6 = 0.03, δ2 = 1 + 0 − 0.7 = 0.3 (no value after the end).
        var (advantages, _) = Gae.Compute(Rewards, Values, 0.9, 0.0);
        Assert.Equal([0.04, 0.03, 0.3], advantages, new Tolerance(1e-12));
    }

    [Fact]
    public void Compute_Tensor_MatchesArrays_WithPaddingTreatedAsTheEnd()
    {
        var rewards = tensor(new float[,] { { 0, 0, 1, 7 } });
        var values = tensor(new float[,] { { 0.5f, 0.6f, 0.7f, 3f } });
        var mask = tensor(new float[,] { { 1, 1, 1, 0 } });
        var (advantages, returns) = Gae.Compute(rewards, values, mask, 0.9, 0.95);
        var (expected, expectedReturns) = Gae.Compute(Rewards, Values, 0.9, 0.95);
        var a = advantages[0].data<float>().ToArray();
        for (int t = 0; t < 3; t++)
        {
            Assert.Equal(expected[t], a[t], 5);
            Assert.Equal(expectedReturns[t], returns[0, t].item<float>(), 5);
        }
        Assert.Equal(0f, a[3]);
    }

    [Fact]
    public void Compute_MismatchedLengths_Throws() =>
        Assert.Throws<ArgumentException>(() => Gae.Compute([1.0, 2.0], [0.0], 1.0, 0.95));

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
