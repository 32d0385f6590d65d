using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Attention;

/// <summary>Boolean attention masks, true where a query may attend to a key (libtorch's convention for bool masks).</summary>
public static class AttentionMasks
{
    /// <summary>
    /// (Tq, Tk) with query i allowed keys 0 … offset + i: a decoder's "no peeking at the future". With offset 0 and
    /// Tq = Tk it is the lower triangle; a KV cache uses offset = the number of positions already cached.
    /// </summary>
    public static Tensor Causal(long queries, long keys, long offset = 0, Device? device = null)
    {
        if (queries < 1 || keys < 1 || offset < 0)
            throw new ArgumentOutOfRangeException(nameof(queries), $"Need queries ≥ 1, keys ≥ 1 and offset ≥ 0; found {queries}, {keys}, {offset}.");
        // Query i sits at absolute position offset + i; key j may be seen when j ≤ offset + i.
        return ones(queries, keys, ScalarType.Bool, device).tril(offset);
    }

    /// <summary>The (T, T) lower-triangular mask of causal self-attention.</summary>
    public static Tensor Causal(long length, Device? device = null) => Causal(length, length, 0, device);

    /// <summary>
    /// A key mask (B, Tk), true for real tokens and false for padding (Hugging Face's attention_mask), reshaped to
    /// (B, 1, 1, Tk) so it broadcasts over heads and queries of (B, nh, Tq, Tk) scores.
    /// </summary>
    public static Tensor FromKeyMask(Tensor keyMask)
    {
        ArgumentNullException.ThrowIfNull(keyMask);
        if (keyMask.dim() != 2)
            throw new ArgumentException(
                $"A key mask is (B, Tk), one flag per key, but this one has shape {Checks.Check.Format(keyMask.shape)}.", nameof(keyMask));
        var flags = keyMask.dtype == ScalarType.Bool ? keyMask : keyMask.ne(0);   // 1/0 masks as Hugging Face writes them
        return flags.view(keyMask.shape[0], 1, 1, keyMask.shape[1]);              // (B, Tk) -> (B, 1, 1, Tk)
    }

    /// <summary>Both masks at once: a position may be attended only where every mask given allows it (nulls are skipped).</summary>
    public static Tensor? Combine(Tensor? first, Tensor? second) =>
        first is null ? second : second is null ? first : first.logical_and(second);
}
