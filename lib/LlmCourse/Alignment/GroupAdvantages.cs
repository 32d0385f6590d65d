using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>GRPO's advantages: each answer's reward as a z-score within its own group of answers to the same prompt.</summary>
/// <remarks>
/// GRPO (Shao et al. 2024) replaces PPO's learned value baseline with the group: the mean reward of G answers to one
/// prompt is the baseline, and the group's standard deviation sets the scale. When every answer in a group earns the
/// same reward, all its advantages are zero and the group teaches nothing; <see cref="ZeroSignal"/> finds those groups.
/// The standard deviation is the unbiased one (divide by G − 1) and ε is added to it, as in trl's GRPOTrainer, so a
/// constant group gives 0 / ε = 0, never 0 / 0.
/// </remarks>
public static class GroupAdvantages
{
    /// <summary>(N, G) advantages (r − mean) / (std + <paramref name="epsilon"/>) along each row of <paramref name="rewards"/> (N, G).</summary>
    /// <param name="rewards">(N, G): row n holds the rewards of prompt n's G answers.</param>
    /// <param name="epsilon">Keeps a constant group at 0 instead of NaN (trl: 1e-4).</param>
    /// <param name="scale">False gives r − mean only (Dr. GRPO's choice, Liu et al. 2025: no division by the std).</param>
    public static Tensor ZScores(Tensor rewards, double epsilon = 1e-4, bool scale = true)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        if (rewards.dim() != 2 || rewards.shape[1] < 2)
            throw new ArgumentException($"Expected rewards (N, G) with groups of at least 2 answers, found {Checks.Check.Format(rewards.shape)}.", nameof(rewards));
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        using var scope = NewDisposeScope();
        var r = rewards.to(ScalarType.Float32);
        var centred = r - r.mean([1], keepdim: true);                              // (N, G) - (N, 1)
        var result = scale ? centred / (r.std(1, unbiased: true, keepdim: true) + epsilon) : centred;
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>(N) bool: true for each group whose rewards are all equal, so every advantage in it is zero.</summary>
    public static Tensor ZeroSignal(Tensor rewards)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        if (rewards.dim() != 2)
            throw new ArgumentException($"Expected rewards (N, G), found {Checks.Check.Format(rewards.shape)}.", nameof(rewards));
        using var scope = NewDisposeScope();
        return (rewards.amax([1]) == rewards.amin([1])).MoveToOuterDisposeScope();   // (N, G) -> (N)
    }
}
