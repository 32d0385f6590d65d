using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Geometry;

/// <summary>Cosine similarity and angle between vectors in a model's space, as tensors.</summary>
/// <remarks>
/// cos θ = a·b / (‖a‖ ‖b‖) ignores length and keeps direction. A tied LM head scores token i as h·e_i =
/// ‖h‖ ‖e_i‖ cos θ_i, so when the rows e_i have similar lengths, the likeliest token is the one whose embedding points
/// most nearly along the context vector h: prediction as a nearest-direction lookup.
/// </remarks>
public static class Cosine
{
    /// <summary>Cosines between every row of a (N, C) and every row of b (M, C): (N, M).</summary>
    public static Tensor Matrix(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.dim() != 2 || b.dim() != 2 || a.shape[1] != b.shape[1])
            throw new ArgumentException($"Expected (N, C) and (M, C), found {Checks.Check.Format(a.shape)} and {Checks.Check.Format(b.shape)}.");
        using var scope = NewDisposeScope();
        var unitA = a / a.norm(-1, keepdim: true);                           // (N, C): each row scaled to length 1
        var unitB = b / b.norm(-1, keepdim: true);                           // (M, C)
        return unitA.matmul(unitB.t()).MoveToOuterDisposeScope();            // (N, C) x (C, M) -> (N, M)
    }

    /// <summary>The cosine of every pair i &lt; j of rows of x (N, C): N(N − 1)/2 numbers, row by row.</summary>
    public static Tensor Pairwise(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2 || x.shape[0] < 2)
            throw new ArgumentException($"Expected (N, C) with N ≥ 2, found {Checks.Check.Format(x.shape)}.", nameof(x));
        using var scope = NewDisposeScope();
        var all = Matrix(x, x);                                              // (N, N), symmetric, 1 on the diagonal
        var upper = ones(x.shape[0], x.shape[0], ScalarType.Bool, x.device).triu(1);
        return all.masked_select(upper).MoveToOuterDisposeScope();           // (N(N−1)/2)
    }

    /// <summary>Angles in degrees, arccos of the cosines, clamped to [−1, 1] first against rounding.</summary>
    public static Tensor Degrees(Tensor cosines)
    {
        ArgumentNullException.ThrowIfNull(cosines);
        using var scope = NewDisposeScope();
        return (cosines.clamp(-1, 1).arccos() * (180 / Math.PI)).MoveToOuterDisposeScope();
    }
}
