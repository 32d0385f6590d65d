using LlmCourse.Alignment;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Alignment;

[Collection("Sequential")]
public sealed class GrpoLossTests
{
    private const double Eps = 0.2;

    [Fact]
    public void Compute_ClipIsActiveExactlyWhereTheRatioLeavesTheIntervalInTheAdvantagesDirection()
    {
        float[] ratios = [0.5f, 0.85f, 1.0f, 1.15f, 1.5f];
        var old = zeros(2, ratios.Length);
        var logProbs = log(tensor(ratios)).unsqueeze(0).repeat(2, 1).requires_grad_(true);   // (2, 5): ρ = the ratios
        var advantages = tensor(new float[] { 1f, -1f });
        var mask = ones(2, ratios.Length);

        var (loss, clipFraction, _) = GrpoLoss.Compute(logProbs, old, old, advantages, mask, Eps, beta: 0);
        loss.backward();
        var grad = logProbs.grad!.data<float>().ToArray();

        for (int g = 0; g < 2; g++)
            for (int t = 0; t < ratios.Length; t++)
            {
                float a = g == 0 ? 1 : -1;
                bool outside = ratios[t] > 1 + Eps || ratios[t] < 1 - Eps;
                bool pushedFurther = a > 0 ? ratios[t] > 1 + Eps : ratios[t] < 1 - Eps;
                Assert.Equal(pushedFurther, grad[g * ratios.Length + t] == 0);
                if (!outside)
                    Assert.NotEqual(0f, grad[g * ratios.Length + t]);
            }
        Assert.Equal(2.0 / 10, clipFraction, 6);   // ρ = 1.5 with A > 0, ρ = 0.5 with A < 0
    }

    [Fact]
    public void Compute_RatioOneAndNoKl_IsMinusTheMeanAdvantage_AndItsGradientIsThePolicyGradient()
    {
        var logProbs = tensor(new float[,] { { -1f, -2f, -3f }, { -0.5f, -0.5f, 0f } }).requires_grad_(true);
        var mask = tensor(new float[,] { { 1, 1, 1 }, { 1, 1, 0 } });
        var advantages = tensor(new float[] { 2f, -1f });

        var (loss, clip, kl) = GrpoLoss.Compute(logProbs, logProbs.detach(), logProbs.detach(), advantages, mask, Eps, beta: 0.04);
        loss.backward();

        Assert.Equal(-(2 - 1) / 2.0, loss.item<float>(), 5);
        Assert.Equal(0, clip);
        Assert.Equal(0, kl, 6);
        // Per sequence: d/d log π of −A_i/|o_i| · ρ = −A_i/|o_i| / G at ρ = 1.
        float[] expected = [-2f / 3 / 2, -2f / 3 / 2, -2f / 3 / 2, 1f / 2 / 2, 1f / 2 / 2, 0f];
        var grad = logProbs.grad!.data<float>().ToArray();
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], grad[i], 5);
    }

    [Fact]
    public void Average_PerSequenceAndPerToken_HandCase()
    {
        var values = tensor(new float[,] { { 1f, 3f, 100f }, { 5f, 100f, 100f } });
        var mask = tensor(new float[,] { { 1, 1, 0 }, { 1, 0, 0 } });

        Assert.Equal((2 + 5) / 2.0, GrpoLoss.Average(values, mask, GrpoAveraging.PerSequence).item<float>(), 5);
        Assert.Equal(9 / 3.0, GrpoLoss.Average(values, mask, GrpoAveraging.PerToken).item<float>(), 5);
    }

    [Fact]
    public void Compute_KlTerm_AddsBetaTimesK3()
    {
        var logProbs = tensor(new float[,] { { -1f, -2f } });
        var reference = tensor(new float[,] { { -1.5f, -1f } });
        var mask = ones(1, 2);
        var (withKl, _, kl) = GrpoLoss.Compute(logProbs, logProbs, reference, tensor(new float[] { 0f }), mask, Eps, beta: 0.5);
        double k3 = new[] { (-1.5, -1.0), (-1.0, -2.0) }.Average(x => Math.Exp(x.Item1 - x.Item2) - (x.Item1 - x.Item2) - 1);

        Assert.Equal(k3, kl, 5);
        Assert.Equal(0.5 * k3, withKl.item<float>(), 5);
    }

    [Fact]
    public void Compute_BadClipRange_Throws()
    {
        var x = zeros(1, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => GrpoLoss.Compute(x, x, x, zeros(1), ones(1, 2), clipRange: 1.5));
    }
}
