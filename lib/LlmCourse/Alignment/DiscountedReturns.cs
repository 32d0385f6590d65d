using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>Discounted returns: the reward each prefix of a response is credited with, G_t = r_t + γ·G_{t+1}.</summary>
/// <remarks>
/// A language model gets one reward when its answer is finished; discounting spreads that reward back over the
/// prefixes that led to it, less the further back they are (γ &lt; 1), or equally (γ = 1, what RLHF trainers use).
/// </remarks>
public static class DiscountedReturns
{
    /// <summary>G_t = Σ_{k ≥ t} γ^(k−t)·r_k for one sequence of rewards.</summary>
    public static double[] Compute(IReadOnlyList<double> rewards, double gamma)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        CheckGamma(gamma);
        var returns = new double[rewards.Count];
        double next = 0;
        for (int t = rewards.Count - 1; t >= 0; t--)   // backwards: each return reuses the one after it
            returns[t] = next = rewards[t] + gamma * next;
        return returns;
    }

    /// <summary>
    /// (G, R) returns of (G, R) per-token rewards; <paramref name="mask"/> (G, R) is 1 on response tokens, 0 on padding,
    /// and padding neither earns nor passes on reward.
    /// </summary>
    public static Tensor Compute(Tensor rewards, Tensor mask, double gamma)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(mask);
        CheckGamma(gamma);
        if (!rewards.shape.SequenceEqual(mask.shape) || rewards.dim() != 2)
            throw new ArgumentException($"Rewards and mask must both be (G, R); found {Checks.Check.Format(rewards.shape)} and {Checks.Check.Format(mask.shape)}.");
        using var scope = NewDisposeScope();
        var r = rewards * mask;
        int length = (int)r.shape[1];
        var columns = new Tensor[length];
        var next = zeros_like(r[.., 0]);                                     // (G)
        for (int t = length - 1; t >= 0; t--)
            columns[t] = next = r[.., t] + gamma * next * mask[.., t];
        return stack(columns, 1).MoveToOuterDisposeScope();                 // R × (G) -> (G, R)
    }

    private static void CheckGamma(double gamma)
    {
        if (!(gamma >= 0 && gamma <= 1))
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "The discount γ must lie in [0, 1].");
    }
}
