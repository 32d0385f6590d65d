using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>How GRPO averages its per-token terms over a batch of responses.</summary>
public enum GrpoAveraging
{
    /// <summary>Mean over each response's tokens, then over responses (DeepSeekMath's formula; trl's loss_type "grpo").</summary>
    PerSequence,

    /// <summary>One mean over all tokens of the batch, so long responses weigh more (DAPO, Yu et al. 2025; trl's "dapo"/"bnpo").</summary>
    PerToken,
}

/// <summary>GRPO's loss: PPO's clipped ratio objective with group advantages, minus β times the k3 KL to the reference.</summary>
/// <remarks>
/// Per token t of response i: min(ρ·A_i, clip(ρ, 1−ε, 1+ε)·A_i) − β·k3, with ρ = π/π_old and A_i the response's
/// group z-score, shared by all its tokens (outcome supervision). Unlike PPO in InstructGPT, the KL is a term of the
/// loss, not a penalty folded into the reward, and there is no value model (Shao et al. 2024, eq. 3).
/// </remarks>
public static class GrpoLoss
{
    /// <summary>
    /// The loss (the negated objective, to minimise), the share of response tokens whose clipped term is active (its
    /// gradient zero), and the mean k3 KL to the reference over response tokens.
    /// </summary>
    /// <param name="logProbs">(G, R) log π of the response tokens, with autograd.</param>
    /// <param name="oldLogProbs">(G, R) log π_old: the policy that sampled them (detached).</param>
    /// <param name="referenceLogProbs">(G, R) log π_ref (detached).</param>
    /// <param name="advantages">(G) one advantage per response.</param>
    /// <param name="mask">(G, R) 1 on response tokens, 0 on padding.</param>
    public static (Tensor Loss, double ClipFraction, double Kl) Compute(Tensor logProbs, Tensor oldLogProbs, Tensor referenceLogProbs,
        Tensor advantages, Tensor mask, double clipRange = 0.2, double beta = 0.04, GrpoAveraging averaging = GrpoAveraging.PerSequence)
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        ArgumentNullException.ThrowIfNull(advantages);
        ArgumentNullException.ThrowIfNull(mask);
        if (!(clipRange > 0 && clipRange < 1))
            throw new ArgumentOutOfRangeException(nameof(clipRange), clipRange, "The clip range ε must lie in (0, 1); 0.2 is the usual value.");
        ArgumentOutOfRangeException.ThrowIfNegative(beta);
        if (advantages.dim() != 1 || advantages.shape[0] != logProbs.shape[0] || !mask.shape.SequenceEqual(logProbs.shape))
            throw new ArgumentException($"Expected log-probabilities and mask (G, R) and advantages (G); found {Checks.Check.Format(logProbs.shape)}, {Checks.Check.Format(mask.shape)}, {Checks.Check.Format(advantages.shape)}.");
        using var scope = NewDisposeScope();
        var ratio = (logProbs - oldLogProbs.detach()).exp();                         // (G, R)
        var a = advantages.detach().to(ratio.dtype).unsqueeze(1);                  // (G) -> (G, 1), broadcast over tokens
        var unclipped = ratio * a;
        var clipped = ratio.clamp(1 - clipRange, 1 + clipRange) * a;
        var kl = KlEstimators.K3(logProbs, referenceLogProbs.detach());            // (G, R)
        var perToken = -(minimum(unclipped, clipped) - beta * kl);                // (G, R) loss per token
        var loss = Average(perToken, mask, averaging);
        double clipFraction = PpoLoss.MaskedMean((clipped < unclipped).to(ScalarType.Float32), mask).item<float>();
        double meanKl = PpoLoss.MaskedMean(kl.detach(), mask).item<float>();
        return (loss.MoveToOuterDisposeScope(), clipFraction, meanKl);
    }

    /// <summary>The mean of per-token values (G, R) over the masked tokens, per sequence first or over all tokens at once.</summary>
    public static Tensor Average(Tensor perToken, Tensor mask, GrpoAveraging averaging)
    {
        ArgumentNullException.ThrowIfNull(perToken);
        ArgumentNullException.ThrowIfNull(mask);
        if (averaging == GrpoAveraging.PerToken)
            return PpoLoss.MaskedMean(perToken, mask);
        using var scope = NewDisposeScope();
        var perSequence = (perToken * mask).sum(1) / mask.sum(1).clamp_min(1);   // (G, R) -> (G)
        return perSequence.mean().MoveToOuterDisposeScope();
    }
}
