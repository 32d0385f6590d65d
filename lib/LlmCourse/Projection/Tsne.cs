using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Projection;

/// <summary>t-SNE on TorchSharp: points (N, D) → a 2-D map (N, 2) that keeps each point's near neighbours near.</summary>
/// <remarks>
/// Laurens van der Maaten and Geoffrey Hinton, "Visualizing Data using t-SNE", JMLR 9 (2008). The map's similarities Q
/// use a Student-t kernel with one degree of freedom, (1 + ‖y_i − y_j‖²)⁻¹, whose heavy tail lets moderately distant
/// points sit far apart (the "crowding problem"); gradient descent lowers KL(P ‖ Q). The optimiser follows the paper and
/// van der Maaten's reference tsne.py: P multiplied by <see cref="Exaggeration"/> for the first iterations (early
/// exaggeration: clusters form first), momentum 0.5 then 0.8, per-coordinate adaptive gains. The learning rate is
/// scikit-learn's "auto" rule, max(N / exaggeration / 4, 50). Seeded: the same input and seed give the same map.
/// </remarks>
public sealed class Tsne
{
    public double Perplexity { get; init; } = 30;
    public int Iterations { get; init; } = 1000;
    public double Exaggeration { get; init; } = 12;
    public int ExaggerationIterations { get; init; } = 250;
    /// <summary>Null: max(N / Exaggeration / 4, 50).</summary>
    public double? LearningRate { get; init; }
    public int Seed { get; init; } = 0;

    /// <summary>KL(P ‖ Q) of the last map returned by <see cref="Fit"/>, in nats: lower is a more faithful map.</summary>
    public double KlDivergence { get; private set; } = double.NaN;

    /// <summary>The 2-D map of <paramref name="points"/> (N, D), float32 (N, 2) on the points' device.</summary>
    /// <param name="initial">Start from this map (N, 2) instead of a random one, e.g. the previous epoch's, so that maps drawn
    /// one after another keep their orientation.</param>
    public Tensor Fit(Tensor points, Tensor? initial = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.dim() != 2 || points.shape[0] < 4)
            throw new ArgumentException($"t-SNE maps points (N, D) with N ≥ 4; found {Checks.Check.Format(points.shape)}.", nameof(points));
        long n = points.shape[0];
        if (initial is not null && !initial.shape.SequenceEqual([n, 2L]))
            throw new ArgumentException($"The initial map must be ({n}, 2); found {Checks.Check.Format(initial.shape)}.", nameof(initial));
        using var scope = NewDisposeScope();
        var device = points.device;
        // P in float64 (the binary search needs it), the descent in float32 as scikit-learn does: the loop is memory-bound.
        var p = TsneAffinities.Joint(points, Perplexity).clamp_min(1e-12).to(ScalarType.Float32);   // (N, N)
        var y = initial is null
            ? randn(n, 2, ScalarType.Float32, device, generator: new Generator((ulong)Seed, device)) * 1e-4
            : initial.to(ScalarType.Float32, device).clone();                                         // (N, 2)
        y.sub_(y.mean([0], keepdim: true));
        var update = zeros_like(y);
        var gains = ones_like(y);
        double rate = LearningRate ?? Math.Max(n / Exaggeration / 4, 50);
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            using var step = NewDisposeScope();
            bool early = iteration < ExaggerationIterations;
            var gradient = Gradient(y, p, early ? Exaggeration : 1.0);
            // Gains grow where the gradient keeps its direction against the last update, and shrink where it flips.
            var flipped = gradient.sign().ne(update.sign());
            gains.copy_(where(flipped, gains + 0.2, gains * 0.8).clamp_min(0.01));
            double momentum = early ? 0.5 : 0.8;
            update.mul_(momentum).sub_(rate * gains * gradient);
            y.add_(update);
            y.sub_(y.mean([0], keepdim: true));                                                        // keep the map centred
        }
        KlDivergence = Kl(y, p);
        return y.MoveToOuterDisposeScope();
    }

    // The map's kernel (1 + ‖y_i − y_j‖²)⁻¹ for all pairs, (N, N); its diagonal is 1, and is left in (see below).
    private static Tensor Kernel(Tensor y)
    {
        var norms = y.square().sum(1, keepdim: true);                     // (N, 2) -> (N, 1)
        var d = addmm(norms + norms.t(), y, y.t(), beta: 1, alpha: -2);   // ‖y_i‖² + ‖y_j‖² − 2 y_i·y_j, (N, N)
        return d.clamp_min_(0).add_(1).reciprocal_();
    }

    // dKL/dy_i = 4 Σ_j (p_ij − q_ij) num_ij (y_i − y_j) with q = num / Z, Z = Σ_{i≠j} num_ij. As matrices, with
    // W = (P − Q) ∘ num: 4 (diag(W·1) − W) Y. The j = i term is W_ii (y_i − y_i) = 0, so the diagonal need not be masked,
    // only left out of Z (it is exactly N ones).
    private static Tensor Gradient(Tensor y, Tensor p, double exaggeration)
    {
        var num = Kernel(y);
        long n = y.shape[0];
        double z = num.sum().item<float>() - n;
        var w = (p * num).mul_(exaggeration).addcmul_(num, num, value: -1.0 / z);   // exaggeration·P∘num − num∘num / Z
        return 4 * (w.sum(1, keepdim: true) * y - w.matmul(y));                     // (N, 1) * (N, 2) - (N, N) @ (N, 2)
    }

    // KL(P ‖ Q) = Σ p log(p / q), over i ≠ j.
    private static double Kl(Tensor y, Tensor p)
    {
        using var scope = NewDisposeScope();
        long n = y.shape[0];
        var num = Kernel(y).to(ScalarType.Float64);
        var q = (num / (num.sum() - n)).clamp_min(1e-12);
        var terms = TsneAffinities.WithDiagonal(p.to(ScalarType.Float64) * (p.to(ScalarType.Float64) / q).log(), 0);
        return terms.sum().item<double>();
    }
}
