using LlmCourse.Alignment;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Alignment;

[Collection("Sequential")]
public sealed class KlEstimatorsTests
{
    [Fact]
    public void K3_IsNonNegative_AndZeroWhenThePoliciesMatch()
    {
        random.manual_seed(5);
        var logP = randn(200) * 3;
        var logQ = randn(200) * 3;

        Assert.True(KlEstimators.K3(logP, logQ).min().item<float>() >= 0);
        Assert.True(KlEstimators.K2(logP, logQ).min().item<float>() >= 0);
        Assert.Equal(0f, KlEstimators.K3(logP, logP).abs().max().item<float>());
        Assert.True(KlEstimators.K1(logP, logQ).min().item<float>() < 0);   // k1 alone can be negative
    }

    [Fact]
    public void K1AndK3_MeanOverSamples_MatchTheExactKl_OnASmallCategorical()
    {
        double[] pi = [0.5, 0.3, 0.2];
        double[] reference = [0.3, 0.3, 0.4];
        double exact = pi.Zip(reference).Sum(x => x.First * Math.Log(x.First / x.Second));
        var samples = multinomial(tensor(pi), 100_000, replacement: true, generator: new Generator(11));   // tokens drawn from π
        var logPi = log(tensor(pi)).index_select(0, samples);
        var logRef = log(tensor(reference)).index_select(0, samples);

        double k1 = KlEstimators.K1(logPi, logRef).mean().item<double>();
        double k3 = KlEstimators.K3(logPi, logRef).mean().item<double>();

        Assert.InRange(k1, exact - 0.01, exact + 0.01);
        Assert.InRange(k3, exact - 0.01, exact + 0.01);
        // k3 has the lower variance of the two unbiased estimators here.
        Assert.True(KlEstimators.K3(logPi, logRef).var().item<double>() < KlEstimators.K1(logPi, logRef).var().item<double>());
    }

    [Fact]
    public void K3_MismatchedShapes_Throw()
    {
        var error = Assert.Throws<ArgumentException>(() => KlEstimators.K3(zeros(2, 3), zeros(3, 2)));
        Assert.Contains("one shape", error.Message);
    }
}
