using LlmCourse.Alignment;

namespace LlmCourse.Tests.Alignment;

public sealed class TrpoStepTests
{
    private static readonly double[] Rewards = [1.0, 0.2, 0.0, 0.5];
    private static readonly BanditPolicy Start = new([0.0, 0.5, 1.0, 0.0]);

    [Fact]
    public void ConjugateGradient_SolvesTheFisherSystem()
    {
        var g = Start.Gradient(Rewards);
        var (x, iterations) = TrpoStep.ConjugateGradient(Start.FisherVectorProduct, g);
        var fx = Start.FisherVectorProduct(x);
        for (int i = 0; i < g.Length; i++)
            Assert.Equal(g[i], fx[i], 9);
        Assert.InRange(iterations, 1, 4);                                 // at most one per dimension
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.1)]
    public void Bandit_StepSatisfiesTheKlConstraint_AndImproves(double maxKl)
    {
        var result = TrpoStep.Bandit(Start, Rewards, maxKl);
        Assert.True(result.Kl <= maxKl, $"KL {result.Kl} exceeds δ = {maxKl}");
        Assert.Equal(Start.Kl(result.Policy), result.Kl, 12);
        Assert.True(result.Policy.ExpectedReward(Rewards) > Start.ExpectedReward(Rewards));
        Assert.True(result.Kl > maxKl / 4, "the step should use most of its KL budget");
    }

    [Fact]
    public void Gradient_LargeStep_BreaksTheSameBound()
    {
        var moved = BanditSteps.Gradient(Start, Rewards, learningRate: 20);
        Assert.True(Start.Kl(moved) > 0.1);
    }

    [Fact]
    public void PpoClipped_StopsOnceEveryArmHasLeftTheRangeInItsAdvantagesDirection()
    {
        var after200 = BanditSteps.PpoClipped(Start, Rewards, clipRange: 0.2, learningRate: 5, steps: 200);
        var after400 = BanditSteps.PpoClipped(Start, Rewards, clipRange: 0.2, learningRate: 5, steps: 400);
        // Every arm is clipped by then, so the surrogate's gradient is exactly zero and more steps change nothing.
        Assert.Equal(after200.Logits, after400.Logits);
        double baseline = Start.ExpectedReward(Rewards);
        for (int i = 0; i < Rewards.Length; i++)
        {
            double ratio = after200.Probabilities[i] / Start.Probabilities[i];
            Assert.True(Rewards[i] > baseline ? ratio > 1.2 : ratio < 0.8, $"arm {i}: ratio {ratio}");
        }
        var free = BanditSteps.Gradient(Start, Rewards, learningRate: 5 * 200);
        Assert.True(Start.Kl(free) > 3 * Start.Kl(after200));
    }

    [Fact]
    public void BanditPolicy_FisherProduct_IsTheKlHessian()
    {
        // KL(π ‖ π_θ+hv) ≈ ½ h² vᵀFv for small h.
        double[] v = [0.3, -1.0, 0.5, 0.2];
        double h = 1e-3;
        double kl = Start.Kl(Start.Moved(v, h));
        double quadratic = 0.5 * h * h * v.Zip(Start.FisherVectorProduct(v)).Sum(p => p.First * p.Second);
        Assert.InRange(kl / quadratic, 0.99, 1.01);
    }
}
