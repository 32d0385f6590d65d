namespace LlmCourse.Alignment;

/// <summary>What a TRPO step did: the new policy, its KL to the old one, the surrogate gain, and how the line search went.</summary>
public sealed record TrpoStepResult(BanditPolicy Policy, double Kl, double SurrogateGain, double StepFraction, int ConjugateGradientIterations);

/// <summary>
/// TRPO's update (Schulman et al. 2015): maximise the surrogate gain subject to KL(π_old ‖ π) ≤ δ, by the natural
/// gradient F⁻¹g (conjugate gradient, using only Fisher-vector products), scaled to the KL boundary of the quadratic
/// model, then shrunk by a backtracking line search until the true KL is within δ and the objective improves.
/// </summary>
public static class TrpoStep
{
    /// <summary>Solves F x = g for x with conjugate gradient, F given as a product; stops when the residual is below <paramref name="tolerance"/>.</summary>
    public static (double[] X, int Iterations) ConjugateGradient(Func<double[], double[]> product, IReadOnlyList<double> g, int maxIterations = 10, double tolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(g);
        var x = new double[g.Count];
        var r = g.ToArray();                                                // residual g − F x, with x = 0
        var p = r.ToArray();
        double rr = Dot(r, r);
        int k = 0;
        while (k < maxIterations && rr > tolerance)
        {
            var fp = product(p);
            double alpha = rr / Dot(p, fp);
            for (int i = 0; i < x.Length; i++)
            {
                x[i] += alpha * p[i];
                r[i] -= alpha * fp[i];
            }
            double next = Dot(r, r);
            for (int i = 0; i < p.Length; i++)
                p[i] = r[i] + next / rr * p[i];
            rr = next;
            k++;
        }
        return (x, k);
    }

    /// <summary>One TRPO step on the bandit with KL bound <paramref name="maxKl"/> (δ); backtracks by halving up to <paramref name="backtracks"/> times.</summary>
    public static TrpoStepResult Bandit(BanditPolicy old, IReadOnlyList<double> rewards, double maxKl, int backtracks = 10)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(rewards);
        if (!(maxKl > 0))
            throw new ArgumentOutOfRangeException(nameof(maxKl), maxKl, "The KL bound δ must be positive.");
        var g = old.Gradient(rewards);
        var (direction, iterations) = ConjugateGradient(old.FisherVectorProduct, g);
        double curvature = Dot(direction, old.FisherVectorProduct(direction));   // xᵀFx: the quadratic KL model is ½ s² xᵀFx
        if (curvature <= 1e-16)
            return new TrpoStepResult(old, 0, 0, 0, iterations);           // g = 0: every arm is as good as the average
        double fullStep = Math.Sqrt(2 * maxKl / curvature);
        double before = old.ExpectedReward(rewards);
        double fraction = 1.0;
        for (int b = 0; b <= backtracks; b++, fraction /= 2)
        {
            var candidate = old.Moved(direction, fullStep * fraction);
            double kl = old.Kl(candidate);
            double gain = candidate.ExpectedReward(rewards) - before;     // surrogate gain: exact for a bandit
            if (kl <= maxKl && gain > 0)
                return new TrpoStepResult(candidate, kl, gain, fraction, iterations);
        }
        return new TrpoStepResult(old, 0, 0, 0, iterations);               // no acceptable step: stay put, as TRPO does
    }

    private static double Dot(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Count; i++)
            sum += a[i] * b[i];
        return sum;
    }
}
