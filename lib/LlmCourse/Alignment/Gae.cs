using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>Generalized advantage estimation (Schulman et al. 2016): how much better each token did than the value head expected.</summary>
/// <remarks>
/// δ_t = r_t + γ·V_{t+1} − V_t is the one-step surprise; A_t = Σ_k (γλ)^k·δ_{t+k}. λ = 0 trusts the value head
/// (A_t = δ_t, low variance, biased when V is wrong); λ = 1 trusts the rewards (A_t = G_t − V_t, unbiased, noisy).
/// After the last token the value is 0: the episode is over. trl's PPO uses γ = 1, λ = 0.95.
/// </remarks>
public static class Gae
{
    /// <summary>Advantages A_t and value targets (returns) A_t + V_t of one sequence.</summary>
    public static (double[] Advantages, double[] Returns) Compute(IReadOnlyList<double> rewards, IReadOnlyList<double> values, double gamma, double lambda)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(values);
        if (rewards.Count != values.Count)
            throw new ArgumentException($"{rewards.Count} rewards but {values.Count} values: GAE needs one value per token.");
        CheckRates(gamma, lambda);
        int n = rewards.Count;
        var advantages = new double[n];
        double next = 0;                                                    // A_{t+1}; 0 past the end
        for (int t = n - 1; t >= 0; t--)
        {
            double nextValue = t + 1 < n ? values[t + 1] : 0.0;
            double delta = rewards[t] + gamma * nextValue - values[t];
            advantages[t] = next = delta + gamma * lambda * next;
        }
        return (advantages, advantages.Select((a, t) => a + values[t]).ToArray());
    }

    /// <summary>(G, R) advantages and returns of (G, R) rewards and values; <paramref name="mask"/> (G, R) is 0 on padding.</summary>
    public static (Tensor Advantages, Tensor Returns) Compute(Tensor rewards, Tensor values, Tensor mask, double gamma, double lambda)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(mask);
        if (rewards.dim() != 2 || !rewards.shape.SequenceEqual(values.shape) || !rewards.shape.SequenceEqual(mask.shape))
            throw new ArgumentException($"Rewards, values and mask must all be (G, R); found {Checks.Check.Format(rewards.shape)}, {Checks.Check.Format(values.shape)}, {Checks.Check.Format(mask.shape)}.");
        CheckRates(gamma, lambda);
        using var scope = NewDisposeScope();
        var r = rewards * mask;
        var v = values.detach() * mask;
        int length = (int)r.shape[1];
        var columns = new Tensor[length];
        var next = zeros_like(r[.., 0]);                                     // (G): A_{t+1}
        for (int t = length - 1; t >= 0; t--)
        {
            // Padding after a response's last token has mask 0, so V_{t+1} there counts as 0: the episode has ended.
            var nextValue = t + 1 < length ? v[.., t + 1] : zeros_like(next);
            var delta = r[.., t] + gamma * nextValue - v[.., t];
            columns[t] = next = (delta + gamma * lambda * next) * mask[.., t];
        }
        var advantages = stack(columns, 1);                                  // R × (G) -> (G, R)
        var returns = advantages + v;
        return (advantages.MoveToOuterDisposeScope(), returns.MoveToOuterDisposeScope());
    }

    private static void CheckRates(double gamma, double lambda)
    {
        if (!(gamma >= 0 && gamma <= 1))
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "The discount γ must lie in [0, 1].");
        if (!(lambda >= 0 && lambda <= 1))
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "GAE's λ must lie in [0, 1].");
    }
}
