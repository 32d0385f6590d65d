using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Attention;

/// <summary>GPT-2's multi-head causal self-attention: every position attends to itself and the positions before it.</summary>
/// <remarks>
/// Vaswani et al. 2017 §3.2 (multi-head attention, the decoder's mask); Radford et al. 2019 (GPT-2) for the layer names
/// c_attn, c_proj; karpathy/nanoGPT model.py (CausalSelfAttention) for the layout: one Linear makes q, k and v for every
/// head at once, the heads become a batch axis, and one fused attention call serves them all.
/// </remarks>
public sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    // The projections are swappable (see ReplaceProjection) so that LoRA or an adapter can wrap them (notebook 13).
    private nn.Module<Tensor, Tensor> c_attn; // state_dict "c_attn.*": (C) -> (3C), q, k, v of all heads in one matmul
    private nn.Module<Tensor, Tensor> c_proj; // "c_proj.*": (C) -> (C), mixes the heads' outputs
    private readonly Dropout attn_dropout;    // on the attention weights
    private readonly Dropout resid_dropout;   // on the output, before it joins the residual stream
    private readonly int _nHead;
    private readonly double _dropout;

    public CausalSelfAttention(int nEmbd, int nHead, int blockSize, double dropout = 0.0, bool bias = true, Device? device = null)
        : base(nameof(CausalSelfAttention))
    {
        if (nEmbd < 1 || nHead < 1 || nEmbd % nHead != 0)
            throw new ArgumentException($"nEmbd ({nEmbd}) must be a positive multiple of nHead ({nHead}): each head gets nEmbd / nHead channels.");
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        c_attn = nn.Linear(nEmbd, 3 * nEmbd, hasBias: bias, device: device);
        c_proj = nn.Linear(nEmbd, nEmbd, hasBias: bias, device: device);
        attn_dropout = nn.Dropout(dropout);
        resid_dropout = nn.Dropout(dropout);
        _nHead = nHead;
        _dropout = dropout;
        NEmbd = nEmbd;
        BlockSize = blockSize;
        // No mask buffer: TorchSharp 0.107 does not move non-persistent buffers with .to(device), so each call makes
        // the (T, T) mask it needs on the input's device; it costs far less than the attention itself.
        RegisterComponents();
    }

    public int NEmbd { get; }

    public int NHead => _nHead;

    public int BlockSize { get; }

    /// <summary>The two projections by state_dict name, "c_attn" and "c_proj" (plain Linears unless replaced).</summary>
    public IReadOnlyDictionary<string, nn.Module<Tensor, Tensor>> Projections =>
        new Dictionary<string, nn.Module<Tensor, Tensor>> { ["c_attn"] = c_attn, ["c_proj"] = c_proj };

    /// <summary>
    /// Puts <paramref name="replacement"/> in place of projection <paramref name="name"/> ("c_attn" or "c_proj"), e.g. a
    /// LoRA-wrapped Linear; it must map the same sizes. Its state_dict keys appear under the same name.
    /// </summary>
    public void ReplaceProjection(string name, nn.Module<Tensor, Tensor> replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        switch (name)
        {
            case "c_attn": c_attn = replacement; break;
            case "c_proj": c_proj = replacement; break;
            default: throw new ArgumentException($"The attention has projections c_attn and c_proj, not '{name}'.", nameof(name));
        }
        register_module(name, null!);          // TorchSharp: null unregisters the old module …
        register_module(name, replacement);    // … so the new one can take its name
    }

    /// <summary>x (B, T, C) → (B, T, C), with libtorch's fused attention kernel.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (q, k, v) = Project(x);                                                          // (B, nh, T, hs) each
        var y = F.scaled_dot_product_attention(q, k, v, p: training ? _dropout : 0, is_casual: true);   // (B, nh, T, hs)
        return Output(y).MoveToOuterDisposeScope();
    }

    /// <summary>As <see cref="forward"/>, written out with <see cref="ScaledDotProductAttention"/>, and the weights (B, nh, T, T) for heatmaps.</summary>
    public (Tensor Output, Tensor Weights) ForwardWithWeights(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (q, k, v) = Project(x);
        long t = x.shape[1];
        var allowed = AttentionMasks.Causal(t, x.device);                                     // (T, T)
        var (y, weights) = ScaledDotProductAttention.ForwardWithWeights(q, k, v, allowed);
        if (training && _dropout > 0)
            y = attn_dropout.call(weights).matmul(v);                                         // (B, nh, T, T) @ (B, nh, T, hs)
        return (Output(y).MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The next x (B, Tnew, C) of a sequence whose earlier positions are in <paramref name="cache"/>: their keys and values
    /// are reused, the new ones appended. Same result as <see cref="forward"/> on the whole sequence, for the new positions.
    /// </summary>
    public Tensor ForwardCached(Tensor x, KvCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        using var scope = NewDisposeScope();
        var (q, kNew, vNew) = Project(x);
        int past = cache.Length;
        long added = x.shape[1];
        var (k, v) = cache.Append(kNew, vNew);                                               // (B, nh, past+Tnew, hs)
        double p = training ? _dropout : 0;
        Tensor y;
        if (added == 1)
            y = F.scaled_dot_product_attention(q, k, v, p: p);               // one query, the newest: it may see every key
        else if (past == 0)
            y = F.scaled_dot_product_attention(q, k, v, p: p, is_casual: true);
        else
            // Query i sits at position past + i: rows past … past+Tnew−1 of the causal mask, keys 0 … past+Tnew−1.
            y = F.scaled_dot_product_attention(q, k, v, AttentionMasks.Causal(added, past + added, past, x.device), p);
        return Output(y).MoveToOuterDisposeScope();
    }

    private (Tensor Q, Tensor K, Tensor V) Project(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 3 || x.shape[2] != NEmbd)
            throw new ArgumentException($"Expected x of shape (B, T, {NEmbd}), found {Checks.Check.Format(x.shape)}.", nameof(x));
        if (x.shape[1] > BlockSize)
            throw new ArgumentException(
                $"The sequence has {x.shape[1]} positions but this attention was built for at most {BlockSize} (the block size). Crop it.", nameof(x));
        var qkv = c_attn.call(x).split(NEmbd, dim: 2);                                      // (B, T, 3C) -> 3 × (B, T, C)
        return (Heads.Split(qkv[0], _nHead), Heads.Split(qkv[1], _nHead), Heads.Split(qkv[2], _nHead));   // (B, T, C) -> (B, nh, T, hs)
    }

    private Tensor Output(Tensor y) => resid_dropout.call(c_proj.call(Heads.Merge(y)));      // (B, nh, T, hs) -> (B, T, C) -> (B, T, C)
}
