using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Projection;

/// <summary>How well a low-dimensional map keeps the neighbourhoods of the original points.</summary>
public static class Neighbourhoods
{
    /// <summary>The indices of each row's k nearest other rows: (N, D) → (N, k) int64.</summary>
    public static Tensor Nearest(Tensor points, int k)
    {
        ArgumentNullException.ThrowIfNull(points);
        long n = points.shape[0];
        if (k < 1 || k >= n)
            throw new ArgumentOutOfRangeException(nameof(k), $"k = {k} must lie between 1 and N − 1 = {n - 1}.");
        using var scope = NewDisposeScope();
        var d = TsneAffinities.WithDiagonal(TsneAffinities.SquaredDistances(points), double.PositiveInfinity);   // a point is not its own neighbour
        return d.topk(k, dim: 1, largest: false).indexes.MoveToOuterDisposeScope();
    }

    /// <summary>The mean share of each point's k nearest neighbours in <paramref name="high"/> that are also among its k nearest in <paramref name="low"/>: 1 = all kept.</summary>
    public static double Preservation(Tensor high, Tensor low, int k)
    {
        Validate(high, low);
        using var scope = NewDisposeScope();
        long n = high.shape[0];
        var highNeighbours = Nearest(high, k).cpu();                                          // (N, k)
        var inHigh = zeros(n, n, ScalarType.Bool).scatter_(1, highNeighbours, ones_like(highNeighbours, ScalarType.Bool));   // (N, N): j is a neighbour of i
        var kept = inHigh.gather(1, Nearest(low, k).cpu());                                   // (N, k): low-map neighbours that are high ones
        return kept.to(ScalarType.Float64).mean().item<double>();
    }

    /// <summary>
    /// Trustworthiness (Venna and Kaski 2001), as scikit-learn's: 1 − 2/(Nk(2N − 3k − 1)) Σ_i Σ_{j ∈ U_i} (r(i, j) − k),
    /// where U_i are the map's k nearest neighbours of i that are not among its k nearest in the original space and r(i, j)
    /// is j's rank by distance from i there. 1 = the map invents no neighbours. Needs k &lt; N / 2.
    /// </summary>
    public static double Trustworthiness(Tensor high, Tensor low, int k)
    {
        Validate(high, low);
        long n = high.shape[0];
        if (k < 1 || k >= n / 2.0)
            throw new ArgumentOutOfRangeException(nameof(k), $"Trustworthiness needs 1 ≤ k < N / 2 = {n / 2.0}; found {k}.");
        using var scope = NewDisposeScope();
        var d = TsneAffinities.WithDiagonal(TsneAffinities.SquaredDistances(high), double.PositiveInfinity).cpu();   // self sorts last
        var ranks = d.argsort(1).argsort(1) + 1;                                                        // (N, N): 1 = nearest
        var lowNeighbourRanks = ranks.gather(1, Nearest(low, k).cpu());                                 // (N, k)
        double penalty = (lowNeighbourRanks - k).clamp_min(0).sum().item<long>();
        return 1 - 2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0)) * penalty;
    }

    private static void Validate(Tensor high, Tensor low)
    {
        ArgumentNullException.ThrowIfNull(high);
        ArgumentNullException.ThrowIfNull(low);
        if (high.dim() != 2 || low.dim() != 2 || high.shape[0] != low.shape[0])
            throw new ArgumentException($"Expected the same points twice, (N, D) and (N, d); found {Checks.Check.Format(high.shape)} "
                + $"and {Checks.Check.Format(low.shape)}.");
    }
}
