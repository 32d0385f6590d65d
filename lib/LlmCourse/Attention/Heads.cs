using static TorchSharp.torch;

namespace LlmCourse.Attention;

/// <summary>Splitting the channels of a sequence into attention heads and joining them back.</summary>
/// <remarks>
/// Multi-head attention (Vaswani et al. 2017, "Attention Is All You Need", §3.2.2) runs H attentions of width C/H side by
/// side. Rather than H separate matrix products, the heads become one more batch axis, so a single batched matmul serves
/// them all; this is what karpathy/nanoGPT model.py does with view + transpose.
/// </remarks>
public static class Heads
{
    /// <summary>(B, T, C) to (B, nh, T, C/nh): head h gets channels h·hs … (h+1)·hs − 1.</summary>
    public static Tensor Split(Tensor x, int nHead)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 3)
            throw new ArgumentException($"Expected a (B, T, C) tensor, found shape {Checks.Check.Format(x.shape)}.", nameof(x));
        long channels = x.shape[2];
        if (nHead < 1 || channels % nHead != 0)
            throw new ArgumentException(
                $"{channels} channels cannot be split into {nHead} heads of equal width. Choose a head count that divides {channels}.",
                nameof(nHead));
        // (B, T, C) -> (B, T, nh, hs) -> (B, nh, T, hs)
        return x.reshape(x.shape[0], x.shape[1], nHead, channels / nHead).transpose(1, 2);
    }

    /// <summary>(B, nh, T, hs) to (B, T, nh·hs): the heads' outputs side by side, head 0 first.</summary>
    public static Tensor Merge(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 4)
            throw new ArgumentException($"Expected a (B, nh, T, hs) tensor, found shape {Checks.Check.Format(x.shape)}.", nameof(x));
        // (B, nh, T, hs) -> (B, T, nh, hs) -> (B, T, C); contiguous because transpose only changed the strides.
        return x.transpose(1, 2).contiguous().view(x.shape[0], x.shape[2], x.shape[1] * x.shape[3]);
    }
}
