namespace LlmCourse.Alignment;

/// <summary>A softmax policy over the arms of a bandit with known mean rewards: a one-step RL problem small enough to solve exactly.</summary>
/// <remarks>
/// With a handful of arms every expectation is a finite sum, so the objective J(θ) = Σ π_i r_i, its gradient, the
/// KL between two policies and the Fisher matrix are all exact. That lets TRPO's constrained step be computed and
/// checked, where on a language model it can only be approximated.
/// </remarks>
public sealed class BanditPolicy
{
    public BanditPolicy(IReadOnlyList<double> logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Count < 2)
            throw new ArgumentException("A bandit needs at least two arms.", nameof(logits));
        if (logits.Any(l => !double.IsFinite(l)))
            throw new ArgumentException("Every logit must be a finite number.", nameof(logits));
        Logits = logits.ToArray();
        double max = Logits.Max();                                          // subtract the max so exp never overflows
        var e = Logits.Select(l => Math.Exp(l - max)).ToArray();
        double sum = e.Sum();
        Probabilities = e.Select(x => x / sum).ToArray();
    }

    public double[] Logits { get; }

    /// <summary>π_i = softmax(θ)_i.</summary>
    public double[] Probabilities { get; }

    public int Arms => Logits.Length;

    /// <summary>J = Σ π_i r_i.</summary>
    public double ExpectedReward(IReadOnlyList<double> rewards) => Probabilities.Select((p, i) => p * rewards[i]).Sum();

    /// <summary>∂J/∂θ_j = π_j (r_j − J): arms better than average gain logit.</summary>
    public double[] Gradient(IReadOnlyList<double> rewards) => WeightedGradient(rewards.Select(r => r - ExpectedReward(rewards)).ToArray());

    /// <summary>∂/∂θ_j of Σ_i c_i π_i = π_j (c_j − Σ_i c_i π_i), for any per-arm weights c.</summary>
    public double[] WeightedGradient(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != Arms)
            throw new ArgumentException($"{weights.Count} weights for {Arms} arms.", nameof(weights));
        double mean = Probabilities.Select((p, i) => p * weights[i]).Sum();
        return Probabilities.Select((p, j) => p * (weights[j] - mean)).ToArray();
    }

    /// <summary>KL(this ‖ other) = Σ π_i log(π_i / π'_i).</summary>
    public double Kl(BanditPolicy other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Arms != Arms)
            throw new ArgumentException($"Policies over {Arms} and {other.Arms} arms cannot be compared.", nameof(other));
        return Probabilities.Select((p, i) => p == 0 ? 0 : p * Math.Log(p / other.Probabilities[i])).Sum();
    }

    /// <summary>F·v with the Fisher matrix of a softmax, F = diag(π) − ππᵀ (the Hessian of KL(π_θ ‖ π_θ+Δ) at Δ = 0).</summary>
    public double[] FisherVectorProduct(IReadOnlyList<double> v)
    {
        ArgumentNullException.ThrowIfNull(v);
        double pv = Probabilities.Select((p, i) => p * v[i]).Sum();
        return Probabilities.Select((p, i) => p * (v[i] - pv)).ToArray();
    }

    /// <summary>The policy with logits θ + <paramref name="step"/>·<paramref name="direction"/>.</summary>
    public BanditPolicy Moved(IReadOnlyList<double> direction, double step = 1.0) =>
        new(Logits.Select((l, i) => l + step * direction[i]).ToArray());
}
