using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Projection;

/// <summary>t-SNE's input similarities P: a Gaussian around each point, its width set so that it "sees" a chosen number of neighbours.</summary>
/// <remarks>
/// van der Maaten and Hinton 2008, §2–3. Point i's conditional p(j|i) ∝ exp(−β_i ‖x_i − x_j‖²), with β_i found by binary
/// search so that the perplexity 2^H(P_i) equals the one asked for: dense regions get narrow Gaussians, sparse regions
/// wide ones. The joint P = (P_cond + P_condᵀ) / 2N is symmetric and sums to 1. All rows are searched at once, as tensors.
/// </remarks>
public static class TsneAffinities
{
    /// <summary>Squared Euclidean distances between all rows of x (N, D) → (N, N), computed in float64.</summary>
    public static Tensor SquaredDistances(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var points = x.to(ScalarType.Float64);
        var norms = points.square().sum(1, keepdim: true);                         // (N, D) -> (N, 1)
        var d = norms + norms.t() - 2 * points.matmul(points.t());                 // (N, 1) + (1, N) - (N, N) -> (N, N)
        // Rounding can leave tiny negatives, and a point's distance to itself slightly off zero.
        return WithDiagonal(d.clamp_min(0), 0).MoveToOuterDisposeScope();
    }

    /// <summary>A copy of the square matrix m with <paramref name="value"/> on its diagonal.</summary>
    public static Tensor WithDiagonal(Tensor m, double value) =>
        m.masked_fill(eye(m.shape[0], dtype: ScalarType.Bool, device: m.device), value);

    /// <summary>p(j|i) for every row, each row's entropy matched to ln(perplexity) within <paramref name="tolerance"/>: (N, N).</summary>
    public static Tensor Conditional(Tensor squaredDistances, double perplexity, double tolerance = 1e-5, int maxSteps = 100)
    {
        ArgumentNullException.ThrowIfNull(squaredDistances);
        long n = squaredDistances.shape[0];
        if (!(perplexity > 1 && perplexity < n - 1))
            throw new ArgumentOutOfRangeException(nameof(perplexity),
                $"Perplexity {perplexity} must lie between 1 and N − 1 = {n - 1}: it is roughly how many neighbours each point sees.");
        using var scope = NewDisposeScope();
        var device = squaredDistances.device;
        // Shift each row by its nearest distance: the row's P and entropy do not change, and exp cannot underflow to all zeros.
        var self = eye(n, dtype: ScalarType.Bool, device: device);
        var d = squaredDistances.masked_fill(self, double.PositiveInfinity);
        d = d - d.min(1, keepdim: true).values;                                    // (N, N) - (N, 1)
        var dFinite = d.masked_fill(self, 0);
        double target = Math.Log(perplexity);
        var beta = ones(n, 1, ScalarType.Float64, device);                         // (N, 1): 1 / (2σ²) per point
        var low = zeros(n, 1, ScalarType.Float64, device);
        var high = full(n, 1, double.PositiveInfinity, ScalarType.Float64, device);
        Tensor p = null!;
        for (int step = 0; step < maxSteps; step++)
        {
            p = (-d * beta).exp();                                                 // (N, N); the diagonal is exp(−∞) = 0
            var sum = p.sum(1, keepdim: true);                                     // (N, 1)
            var entropy = sum.log() + beta * (dFinite * p).sum(1, keepdim: true) / sum;   // H in nats, (N, 1)
            var tooFlat = entropy > target;                                        // too many neighbours: narrow it (β up)
            if ((entropy - target).abs().max().item<double>() < tolerance)
                break;
            low = where(tooFlat, beta, low);
            high = where(tooFlat, high, beta);
            beta = where(tooFlat, where(high.isinf(), beta * 2, (beta + high) / 2), (beta + low) / 2);
        }
        return (p / p.sum(1, keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>The joint, symmetric P of t-SNE for points x (N, D): (N, N), summing to 1, zero on the diagonal.</summary>
    public static Tensor Joint(Tensor x, double perplexity)
    {
        using var scope = NewDisposeScope();
        var conditional = Conditional(SquaredDistances(x), perplexity);
        long n = conditional.shape[0];
        var joint = (conditional + conditional.t()) / (2.0 * n);                   // (N, N), symmetric
        return joint.MoveToOuterDisposeScope();
    }
}
