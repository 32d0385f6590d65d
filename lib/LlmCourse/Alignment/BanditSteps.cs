namespace LlmCourse.Alignment;

/// <summary>One policy update on a <see cref="BanditPolicy"/> three ways: a plain gradient step, PPO's clipped steps, and TRPO's constrained step.</summary>
public static class BanditSteps
{
    /// <summary>θ + η·∇J: nothing limits how far the policy moves.</summary>
    public static BanditPolicy Gradient(BanditPolicy policy, IReadOnlyList<double> rewards, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Moved(policy.Gradient(rewards), learningRate);
    }

    /// <summary>
    /// <paramref name="steps"/> gradient-ascent steps on PPO's clipped surrogate Σ_i π_old,i·min(ρ_i A_i, clip(ρ_i, 1±ε) A_i),
    /// ρ_i = π_i / π_old,i, A_i = r_i − J_old. An arm whose ratio has left the clip range in the advantage's direction stops
    /// contributing, so the policy stalls near the range's edge however many steps are taken.
    /// </summary>
    public static BanditPolicy PpoClipped(BanditPolicy old, IReadOnlyList<double> rewards, double clipRange, double learningRate, int steps)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        double baseline = old.ExpectedReward(rewards);
        var advantages = rewards.Select(r => r - baseline).ToArray();
        var policy = old;
        for (int s = 0; s < steps; s++)
        {
            // π_old,i·ρ_i·A_i = π_i·A_i, so the unclipped arms contribute weight A_i and the clipped ones 0.
            var weights = advantages.Select((a, i) =>
            {
                double ratio = policy.Probabilities[i] / old.Probabilities[i];
                bool clipped = a > 0 ? ratio > 1 + clipRange : a < 0 && ratio < 1 - clipRange;
                return clipped ? 0.0 : a;
            }).ToArray();
            policy = policy.Moved(policy.WeightedGradient(weights), learningRate);
        }
        return policy;
    }

    /// <summary>The ratio-clipped surrogate Σ_i π_old,i·min(ρ_i A_i, clip(ρ_i) A_i) of <paramref name="policy"/> against <paramref name="old"/>.</summary>
    public static double ClippedSurrogate(BanditPolicy old, BanditPolicy policy, IReadOnlyList<double> rewards, double clipRange)
    {
        double baseline = old.ExpectedReward(rewards);
        return old.Probabilities.Select((p, i) =>
        {
            double a = rewards[i] - baseline, ratio = policy.Probabilities[i] / p;
            return p * Math.Min(ratio * a, Math.Clamp(ratio, 1 - clipRange, 1 + clipRange) * a);
        }).Sum();
    }
}
