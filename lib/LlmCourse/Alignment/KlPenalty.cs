using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>RLHF's per-token rewards: −β·KL to the reference model on every token, plus the sequence's score on its last token.</summary>
/// <remarks>
/// The KL estimate per token is log π(y_t) − log π_ref(y_t) (Schulman's k1: unbiased, and its sum over a sampled
/// response estimates KL(π‖π_ref) of the whole response). This is how InstructGPT (Ouyang et al. 2022) and trl's
/// PPOTrainer keep the policy near the SFT model while it chases the reward.
/// </remarks>
public static class KlPenalty
{
    /// <summary>(G, R) log π − log π_ref, zero on padding.</summary>
    public static Tensor PerToken(Tensor logProbs, Tensor referenceLogProbs, Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        ArgumentNullException.ThrowIfNull(referenceLogProbs);
        ArgumentNullException.ThrowIfNull(mask);
        if (!logProbs.shape.SequenceEqual(referenceLogProbs.shape) || !logProbs.shape.SequenceEqual(mask.shape))
            throw new ArgumentException($"Log-probabilities, reference log-probabilities and mask must have one shape; found {Checks.Check.Format(logProbs.shape)}, {Checks.Check.Format(referenceLogProbs.shape)}, {Checks.Check.Format(mask.shape)}.");
        return (logProbs - referenceLogProbs) * mask;
    }

    /// <summary>
    /// (G, R) rewards: −<paramref name="beta"/>·KL_t on every response token, plus <paramref name="scores"/> (G) on each
    /// row's last response token (the last position where <paramref name="mask"/> is 1).
    /// </summary>
    public static Tensor Rewards(Tensor scores, Tensor logProbs, Tensor referenceLogProbs, Tensor mask, double beta)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentOutOfRangeException.ThrowIfNegative(beta);
        if (scores.dim() != 1 || scores.shape[0] != mask.shape[0])
            throw new ArgumentException($"Expected one score per row ({mask.shape[0]}), found {Checks.Check.Format(scores.shape)}.", nameof(scores));
        using var scope = NewDisposeScope();
        var rewards = -beta * PerToken(logProbs, referenceLogProbs, mask);
        var last = LastIndex(mask);                                          // (G)
        var bonus = zeros_like(rewards).scatter(1, last.unsqueeze(1), scores.to(rewards.dtype).unsqueeze(1));   // (G, R), score at the last token
        return (rewards + bonus).MoveToOuterDisposeScope();
    }

    /// <summary>(G) int64: the index of each row's last 1 in a (G, R) mask (0 for an empty row).</summary>
    public static Tensor LastIndex(Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        using var scope = NewDisposeScope();
        // Rows are 1 … 1 0 … 0, so the count of ones − 1 is the last one's index.
        return (mask.sum(1).to(ScalarType.Int64) - 1).clamp_min(0).MoveToOuterDisposeScope();
    }
}
