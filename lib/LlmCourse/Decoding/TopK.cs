using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Decoding;

/// <summary>Top-k filtering: keep each row's k largest logits and set the rest to −inf, so they can never be sampled.</summary>
/// <remarks>
/// Fan, Lewis and Dauphin 2018, "Hierarchical Neural Story Generation": sample only among the k most likely tokens, which
/// cuts off the long tail of unlikely tokens that, drawn once, derail a text. Its weakness (Holtzman et al. 2020): one
/// k for every step is too many where the model is sure and too few where it is not; top-p adapts instead.
/// </remarks>
public static class TopK
{
    /// <summary>(B, V) logits with all but the <paramref name="k"/> largest per row set to −inf; k ≥ V keeps every token.</summary>
    /// <remarks>Ties are broken towards the lower token id, so the result is the same on every run and device.</remarks>
    public static Tensor Filter(Tensor logits, int k)
    {
        LogitsGuard.Require(logits, nameof(logits));
        Validate(k);
        long vocabulary = logits.shape[^1];
        if (k >= vocabulary)
            return logits.clone();                              // nothing to cut: top-k with k ≥ V is no filter at all

        using var scope = NewDisposeScope();
        // A stable descending sort ranks equal logits by token id, which makes the cut at rank k deterministic.
        var (_, order) = logits.sort(-1, descending: true, stable: true);          // (B, V): token ids, best first
        var outside = order.narrow(-1, k, vocabulary - k);                         // (B, V − k): the ids to drop
        var drop = zeros_like(logits, dtype: ScalarType.Bool)
            .scatter(-1, outside, ones_like(outside, dtype: ScalarType.Bool));    // (B, V): true where dropped
        return logits.masked_fill(drop, double.NegativeInfinity).MoveToOuterDisposeScope();
    }

    /// <summary>Throws unless k ≥ 1.</summary>
    public static void Validate(int k)
    {
        if (k < 1)
            throw new ArgumentOutOfRangeException(nameof(k), k,
                "Top-k must keep at least one token: use k ≥ 1. To keep every token, leave top-k off (null) or use k ≥ the vocabulary size.");
    }
}
