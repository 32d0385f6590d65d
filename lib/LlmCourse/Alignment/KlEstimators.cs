using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>Schulman's three per-sample estimators of KL(π ‖ π_ref) from tokens sampled from π.</summary>
/// <remarks>
/// With log r = log π_ref(y) − log π(y) for y drawn from π (John Schulman, "Approximating KL Divergence", 2020):
/// k1 = −log r is unbiased but often negative and noisy; k2 = ½(log r)² is always ≥ 0, low variance, but biased;
/// k3 = (r − 1) − log r is always ≥ 0 (log r ≤ r − 1) and unbiased, since E_π[r] = 1. GRPO (Shao et al. 2024) and trl's
/// GRPOTrainer put k3 in the loss. Each returns a tensor of the inputs' shape; mask padding yourself.
/// </remarks>
public static class KlEstimators
{
    /// <summary>k1 = log π − log π_ref.</summary>
    public static Tensor K1(Tensor logProbs, Tensor referenceLogProbs) => Difference(logProbs, referenceLogProbs);

    /// <summary>k2 = ½(log π − log π_ref)².</summary>
    public static Tensor K2(Tensor logProbs, Tensor referenceLogProbs) => 0.5 * Difference(logProbs, referenceLogProbs).square();

    /// <summary>k3 = exp(log π_ref − log π) − (log π_ref − log π) − 1.</summary>
    public static Tensor K3(Tensor logProbs, Tensor referenceLogProbs)
    {
        using var scope = NewDisposeScope();
        var logR = -Difference(logProbs, referenceLogProbs);
        return (logR.exp() - logR - 1).MoveToOuterDisposeScope();
    }

    private static Tensor Difference(Tensor logProbs, Tensor referenceLogProbs)
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        ArgumentNullException.ThrowIfNull(referenceLogProbs);
        if (!logProbs.shape.SequenceEqual(referenceLogProbs.shape))
            throw new ArgumentException($"Policy and reference log-probabilities must have one shape; found {Checks.Check.Format(logProbs.shape)} and {Checks.Check.Format(referenceLogProbs.shape)}.");
        return logProbs - referenceLogProbs;
    }
}
