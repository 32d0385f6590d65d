using static TorchSharp.torch;

namespace LlmCourse.Attention;

/// <summary>Rotary position embeddings (RoPE): each query and key is rotated by an angle proportional to its position.</summary>
/// <remarks>
/// Su et al. 2021, "RoFormer: Enhanced Transformer with Rotary Position Embedding" (arXiv:2104.09864), §3.4; the
/// "rotate half" layout of Llama and LLaDA (channel i pairs with channel i + hs/2). Pair i of a head turns by
/// position · θ^(−2i/hs). Because a rotation by m then by −n is a rotation by m − n, the score q_m · k_n depends on the
/// two positions only through their distance, which lets attention learn "look one to the left" once for every position.
/// Nothing is learned and nothing is added to the token embeddings.
/// </remarks>
public static class RotaryPositions
{
    /// <summary>
    /// Rotates x (B, nh, T, hs) — queries or keys split into heads — as if its T rows sat at positions
    /// offset … offset + T − 1. hs must be even.
    /// </summary>
    public static Tensor Apply(Tensor x, long offset = 0, double theta = 10000.0)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 4)
            throw new ArgumentException($"Expected (B, nh, T, hs) queries or keys, found shape {Checks.Check.Format(x.shape)}.", nameof(x));
        long t = x.shape[2], hs = x.shape[3], half = hs / 2;
        if (hs % 2 != 0)
            throw new ArgumentException($"Rotary positions turn channels in pairs, so the head size must be even, not {hs}. "
                + "Choose a width and head count whose ratio is even.", nameof(x));
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        using var scope = NewDisposeScope();
        var frequencies = pow(theta, arange(0, half, dtype: ScalarType.Float64, device: x.device) * (-2.0 / hs));   // (hs/2)
        var positions = arange(offset, offset + t, dtype: ScalarType.Float64, device: x.device);                   // (T)
        var angles = outer(positions, frequencies);                                                                 // (T, hs/2)
        var cos = cat([angles.cos(), angles.cos()], 1).to(x.dtype);                                                 // (T, hs)
        var sin = cat([angles.sin(), angles.sin()], 1).to(x.dtype);                                                 // (T, hs)
        var first = x.narrow(3, 0, half);                                                                           // (B, nh, T, hs/2)
        var second = x.narrow(3, half, half);
        var rotatedHalf = cat([-second, first], 3);                                                                 // (B, nh, T, hs): (−x₂, x₁)
        return (x * cos + rotatedHalf * sin).MoveToOuterDisposeScope();                                             // broadcasts over B, nh
    }
}
