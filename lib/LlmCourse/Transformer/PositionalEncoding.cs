using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Transformer;

/// <summary>The fixed sinusoidal positional encodings of Vaswani et al. 2017, §3.5.</summary>
/// <remarks>
/// PE[pos, 2i] = sin(pos / 10000^(2i/C)) and PE[pos, 2i+1] = cos(pos / 10000^(2i/C)): each pair of channels is a clock
/// running at its own speed, from one turn per 2π positions down to one per 10000·2π, so every position gets a distinct
/// pattern and PE[pos + k] is a fixed rotation of PE[pos]. GPT-2 instead learns its positions (an embedding table wpe).
/// </remarks>
public static class PositionalEncoding
{
    /// <summary>(T, C) float32: one row per position 0 … T−1, added to the token embeddings.</summary>
    public static Tensor Sinusoidal(long length, long channels, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        using var scope = NewDisposeScope();
        // Computed in float64 so that position 10000 still gets its angle right, then stored as float32.
        var position = arange(length, ScalarType.Float64, device).unsqueeze(1);                  // (T) -> (T, 1)
        long pairs = (channels + 1) / 2;
        var rate = exp(arange(pairs, ScalarType.Float64, device) * (-2.0 * Math.Log(10000.0) / channels));   // (C/2): 10000^(−2i/C)
        var angle = position * rate;                                                              // (T, 1) * (C/2) -> (T, C/2)
        // (T, C/2) sin and cos -> (T, C/2, 2) -> (T, 2·(C/2)): sin in even channels, cos in odd ones; an odd C drops the last cos.
        var table = stack([angle.sin(), angle.cos()], dim: 2).view(length, 2 * pairs).narrow(1, 0, channels);
        return table.to(ScalarType.Float32).contiguous().MoveToOuterDisposeScope();
    }
}
