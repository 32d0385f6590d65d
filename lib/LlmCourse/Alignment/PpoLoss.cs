using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>PPO's clipped surrogate and clipped value loss (Schulman et al. 2017), averaged over the response tokens.</summary>
/// <remarks>
/// The ratio ρ = π/π_old says how far the update has moved a token's probability. With advantage A the objective is
/// min(ρA, clip(ρ, 1−ε, 1+ε)A): once ρ leaves [1−ε, 1+ε] in the direction the advantage pushes (above for A &gt; 0,
/// below for A &lt; 0) the clipped term is the smaller, its gradient is zero, and the token stops pulling. That is PPO's
/// cheap stand-in for TRPO's KL constraint. trl's PPOTrainer computes the same terms (cliprange 0.2, vf_coef 0.1).
/// </remarks>
public static class PpoLoss
{
    /// <summary>
    /// The loss −mean(min(ρA, clip(ρ)A)) over tokens where <paramref name="mask"/> is 1, the share of those tokens where
    /// the clipped term is the active one (its gradient is zero), and the mean of ½(log ρ)² (a KL estimate between old and new).
    /// </summary>
    public static (Tensor Loss, double ClipFraction, double ApproxKl) Policy(Tensor logProbs, Tensor oldLogProbs, Tensor advantages, Tensor mask, double clipRange)
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        ArgumentNullException.ThrowIfNull(oldLogProbs);
        ArgumentNullException.ThrowIfNull(advantages);
        ArgumentNullException.ThrowIfNull(mask);
        if (!(clipRange > 0 && clipRange < 1))
            throw new ArgumentOutOfRangeException(nameof(clipRange), clipRange, "The clip range ε must lie in (0, 1); 0.2 is the usual value.");
        using var scope = NewDisposeScope();
        var logRatio = logProbs - oldLogProbs.detach();
        var ratio = logRatio.exp();
        var a = advantages.detach();
        var unclipped = -a * ratio;                                          // the losses: minimising −objective
        var clipped = -a * ratio.clamp(1 - clipRange, 1 + clipRange);
        var loss = MaskedMean(maximum(unclipped, clipped), mask);
        double clipFraction = MaskedMean((clipped > unclipped).to(ScalarType.Float32), mask).item<float>();
        double approxKl = MaskedMean(0.5 * logRatio.detach().square(), mask).item<float>();
        return (loss.MoveToOuterDisposeScope(), clipFraction, approxKl);
    }

    /// <summary>½·mean(max((V − R)², (V_clip − R)²)), V_clip = V_old + clip(V − V_old, ±clipRange): the value head moves slowly too.</summary>
    public static Tensor Value(Tensor values, Tensor oldValues, Tensor returns, Tensor mask, double clipRange)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var scope = NewDisposeScope();
        var clippedValues = oldValues.detach() + (values - oldValues.detach()).clamp(-clipRange, clipRange);
        var loss = 0.5 * MaskedMean(maximum((values - returns.detach()).square(), (clippedValues - returns.detach()).square()), mask);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>The mean of <paramref name="x"/> over the positions where <paramref name="mask"/> is 1.</summary>
    public static Tensor MaskedMean(Tensor x, Tensor mask) => (x * mask).sum() / mask.sum().clamp_min(1);

    /// <summary>Advantages shifted and scaled to mean 0 and standard deviation 1 over the masked positions (trl's masked_whiten).</summary>
    public static Tensor Whiten(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var mean = MaskedMean(x, mask);
        var variance = MaskedMean((x - mean).square(), mask);
        return ((x - mean) * rsqrt(variance + 1e-8) * mask).MoveToOuterDisposeScope();
    }
}
