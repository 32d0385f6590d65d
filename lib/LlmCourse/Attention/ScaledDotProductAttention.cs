using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Attention;

/// <summary>softmax(q·kᵀ / √d) · v, written out: the computation libtorch's scaled_dot_product_attention fuses.</summary>
/// <remarks>
/// Vaswani et al. 2017, "Attention Is All You Need", equation (1). The √d keeps the scores' spread near 1 whatever the
/// head width, so the softmax does not saturate. The same function serves self-attention (q, k, v from one sequence),
/// cross-attention (q from one, k and v from another: Tq ≠ Tk) and any number of heads, which are just leading batch
/// axes: (B, nh, T, hs). libtorch's fused kernel is <c>F.scaled_dot_product_attention(q, k, v, attn_mask, p, is_casual)</c>
/// (TorchSharp 0.107 spells the last parameter "is_casual"); this one also hands back the weights for heatmaps.
/// </remarks>
public static class ScaledDotProductAttention
{
    /// <summary>
    /// q (…, Tq, d), k (…, Tk, d), v (…, Tk, dv) → (…, Tq, dv). <paramref name="mask"/> is boolean, broadcastable to
    /// (…, Tq, Tk), true where a query may attend to a key; a query allowed no key at all gets NaN, as in libtorch.
    /// <paramref name="dropout"/> drops attention weights (scaling the rest by 1/(1−p)); pass 0 outside training.
    /// </summary>
    public static Tensor Forward(Tensor q, Tensor k, Tensor v, Tensor? mask = null, double dropout = 0.0)
    {
        using var scope = NewDisposeScope();
        return ForwardWithWeights(q, k, v, mask, dropout).Output.MoveToOuterDisposeScope();
    }

    /// <summary>As <see cref="Forward"/>, and the attention weights (…, Tq, Tk), each row summing to 1, before dropout.</summary>
    public static (Tensor Output, Tensor Weights) ForwardWithWeights(Tensor q, Tensor k, Tensor v, Tensor? mask = null, double dropout = 0.0)
    {
        Validate(q, k, v, mask, dropout);
        using var scope = NewDisposeScope();
        double scale = 1.0 / Math.Sqrt(q.shape[^1]);
        var scores = q.matmul(k.transpose(-2, -1)) * scale;       // (…, Tq, d) @ (…, d, Tk) -> (…, Tq, Tk)
        if (mask is not null)
            // −∞ becomes exactly 0 after softmax: a masked key contributes nothing, whatever its value.
            scores = scores.masked_fill(mask.logical_not(), double.NegativeInfinity);
        var weights = scores.softmax(-1);                          // (…, Tq, Tk): each row a distribution over keys
        var used = dropout > 0 ? F.dropout(weights, dropout, training: true) : weights;
        var output = used.matmul(v);                               // (…, Tq, Tk) @ (…, Tk, dv) -> (…, Tq, dv)
        return (output.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }

    private static void Validate(Tensor q, Tensor k, Tensor v, Tensor? mask, double dropout)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(k);
        ArgumentNullException.ThrowIfNull(v);
        string shapes = $"q {Checks.Check.Format(q.shape)}, k {Checks.Check.Format(k.shape)}, v {Checks.Check.Format(v.shape)}";
        if (q.dim() < 2 || k.dim() != q.dim() || v.dim() != q.dim())
            throw new ArgumentException($"q, k and v must have the same number of axes, at least 2 (…, T, d); found {shapes}.");
        if (q.shape[^1] != k.shape[^1])
            throw new ArgumentException($"Queries and keys must have the same width d to be compared by a dot product; found {shapes}.");
        if (k.shape[^2] != v.shape[^2])
            throw new ArgumentException($"Every key needs a value: k and v must have the same length Tk; found {shapes}.");
        if (mask is not null)
        {
            if (mask.dtype != ScalarType.Bool)
                throw new ArgumentException($"The mask must be boolean (true = may attend), not {mask.dtype}. Convert with mask.ne(0).", nameof(mask));
            bool fits = mask.dim() >= 2
                && (mask.shape[^2] == q.shape[^2] || mask.shape[^2] == 1)
                && (mask.shape[^1] == k.shape[^2] || mask.shape[^1] == 1);
            if (!fits)
                throw new ArgumentException(
                    $"The mask {Checks.Check.Format(mask.shape)} does not broadcast to the scores (…, Tq = {q.shape[^2]}, Tk = {k.shape[^2]}).", nameof(mask));
        }
        if (!(dropout >= 0 && dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout is a probability in [0, 1).");
    }
}
