using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Attention;

/// <summary>Multi-head attention with separate q, k, v projections: self-attention (x, x) or cross-attention (x, context).</summary>
/// <remarks>
/// Vaswani et al. 2017 §3.2.2 and §3.2.3: an encoder attends in both directions with padding keys masked out, a decoder
/// attends causally, and the decoder's cross-attention takes its queries from the decoder and its keys and values from
/// the encoder's output (Tq ≠ Tk). The projection names q_proj, k_proj, v_proj, out_proj are BART's and Llama's.
/// </remarks>
public sealed class MultiHeadAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear q_proj;       // state_dict "q_proj.*": (C) -> (C), from the queries' sequence
    private readonly Linear k_proj;       // "k_proj.*": (Cctx) -> (C), from the context (the same sequence for self-attention)
    private readonly Linear v_proj;       // "v_proj.*": (Cctx) -> (C)
    private readonly Linear out_proj;     // "out_proj.*": (C) -> (C), mixes the heads
    private readonly Dropout resid_dropout;
    private readonly int _nHead;
    private readonly double _dropout;     // on the attention weights
    private readonly bool _causal;
    private readonly bool _rotary;

    /// <param name="embedDim">Channels C of the queries' sequence and of the output.</param>
    /// <param name="causal">Query i may see keys 0 … i only (a decoder's self-attention); needs Tq = Tk.</param>
    /// <param name="contextDim">Channels of the keys' and values' sequence; null: the same as <paramref name="embedDim"/>.</param>
    /// <param name="rotary">Rotate queries and keys by their positions (<see cref="RotaryPositions"/>, as Llama and LLaDA);
    /// self-attention only, and the head size must be even.</param>
    /// <param name="dropout">Dropout on the output (what the layer adds to the residual stream).</param>
    /// <param name="attentionDropout">Dropout on the attention weights; null: the same as <paramref name="dropout"/>.
    /// On the CPU, libtorch's fused (flash) attention kernel takes no dropout (aten/src/ATen/native/transformers/
    /// sdp_utils_cpp.cpp lists check_for_dropout among its gates): any rate above 0 falls back to the written-out
    /// computation, which keeps the whole (B, nh, Tq, Tk) weight matrix and draws a random mask of that size.</param>
    public MultiHeadAttention(int embedDim, int nHead, bool causal = false, double dropout = 0.0, bool bias = true,
        int? contextDim = null, Device? device = null, bool rotary = false, double? attentionDropout = null)
        : base(nameof(MultiHeadAttention))
    {
        if (embedDim < 1 || nHead < 1 || embedDim % nHead != 0)
            throw new ArgumentException($"embedDim ({embedDim}) must be a positive multiple of nHead ({nHead}).");
        int fromContext = contextDim ?? embedDim;
        if (rotary && (embedDim / nHead) % 2 != 0)
            throw new ArgumentException($"Rotary positions need an even head size; {embedDim} channels over {nHead} heads give {embedDim / nHead}.");
        if (rotary && fromContext != embedDim)
            throw new ArgumentException("Rotary positions are for self-attention: a context of another width is another sequence, with positions of its own.");
        q_proj = nn.Linear(embedDim, embedDim, hasBias: bias, device: device);
        k_proj = nn.Linear(fromContext, embedDim, hasBias: bias, device: device);
        v_proj = nn.Linear(fromContext, embedDim, hasBias: bias, device: device);
        out_proj = nn.Linear(embedDim, embedDim, hasBias: bias, device: device);
        resid_dropout = nn.Dropout(dropout);
        _nHead = nHead;
        _dropout = attentionDropout ?? dropout;
        if (!(_dropout >= 0 && _dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(attentionDropout), _dropout, "Attention dropout is a probability in [0, 1).");
        _causal = causal;
        _rotary = rotary;
        EmbedDim = embedDim;
        ContextDim = fromContext;
        RegisterComponents();
    }

    public int EmbedDim { get; }

    public int ContextDim { get; }

    /// <summary>x (B, Tq, C) attends to context (B, Tk, Cctx) → (B, Tq, C). Self-attention: pass x twice.</summary>
    public override Tensor forward(Tensor x, Tensor context) => Forward(x, context, null);

    /// <summary>
    /// As <see cref="forward"/>, with <paramref name="keyMask"/> (B, Tk): true (or 1) for real tokens, false (0) for padding,
    /// which no query may attend to. Uses libtorch's fused kernel.
    /// </summary>
    public Tensor Forward(Tensor x, Tensor context, Tensor? keyMask)
    {
        using var scope = NewDisposeScope();
        var (q, k, v, allowed) = Project(x, context, keyMask);
        var y = F.scaled_dot_product_attention(q, k, v, allowed, training ? _dropout : 0);    // (B, nh, Tq, hs)
        return Output(y).MoveToOuterDisposeScope();
    }

    /// <summary>As <see cref="Forward"/>, written out, and the weights (B, nh, Tq, Tk) for heatmaps.</summary>
    public (Tensor Output, Tensor Weights) ForwardWithWeights(Tensor x, Tensor context, Tensor? keyMask = null)
    {
        using var scope = NewDisposeScope();
        var (q, k, v, allowed) = Project(x, context, keyMask);
        var (y, weights) = ScaledDotProductAttention.ForwardWithWeights(q, k, v, allowed, training ? _dropout : 0);
        return (Output(y).MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }

    private (Tensor Q, Tensor K, Tensor V, Tensor? Allowed) Project(Tensor x, Tensor context, Tensor? keyMask)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(context);
        if (x.dim() != 3 || x.shape[2] != EmbedDim)
            throw new ArgumentException($"Expected x of shape (B, Tq, {EmbedDim}), found {Checks.Check.Format(x.shape)}.", nameof(x));
        if (context.dim() != 3 || context.shape[2] != ContextDim || context.shape[0] != x.shape[0])
            throw new ArgumentException(
                $"Expected context of shape ({x.shape[0]}, Tk, {ContextDim}), found {Checks.Check.Format(context.shape)}.", nameof(context));
        long tq = x.shape[1], tk = context.shape[1];
        if (keyMask is not null && (keyMask.dim() != 2 || keyMask.shape[0] != x.shape[0] || keyMask.shape[1] != tk))
            throw new ArgumentException(
                $"The key mask must be (B, Tk) = ({x.shape[0]}, {tk}), one flag per context position; found {Checks.Check.Format(keyMask.shape)}.",
                nameof(keyMask));
        if ((_causal || _rotary) && tq != tk)
            throw new ArgumentException($"{(_causal ? "Causal" : "Rotary")} attention compares a sequence with itself (Tq = Tk), but Tq = {tq} and Tk = {tk}.");

        var q = Heads.Split(q_proj.call(x), _nHead);          // (B, Tq, C) -> (B, nh, Tq, hs)
        var k = Heads.Split(k_proj.call(context), _nHead);    // (B, Tk, Cctx) -> (B, Tk, C) -> (B, nh, Tk, hs)
        var v = Heads.Split(v_proj.call(context), _nHead);    // (B, Tk, Cctx) -> (B, nh, Tk, hs)
        if (_rotary)
            (q, k) = (RotaryPositions.Apply(q), RotaryPositions.Apply(k));   // positions 0 … T − 1, shapes unchanged
        var causal = _causal ? AttentionMasks.Causal(tq, x.device) : null;                     // (Tq, Tk)
        var padding = keyMask is null ? null : AttentionMasks.FromKeyMask(keyMask.to(x.device)); // (B, 1, 1, Tk)
        return (q, k, v, AttentionMasks.Combine(padding, causal));                               // broadcasts to (B, 1, Tq, Tk)
    }

    private Tensor Output(Tensor y) => resid_dropout.call(out_proj.call(Heads.Merge(y)));   // (B, nh, Tq, hs) -> (B, Tq, C)
}
