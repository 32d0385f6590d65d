using LlmCourse.Attention;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Transformer;

/// <summary>Where a <see cref="Block"/> normalises: before each sub-layer (GPT-2) or after each residual sum (the 2017 paper).</summary>
public enum NormPlacement
{
    /// <summary>x + f(LayerNorm(x)): the residual stream itself is never normalised, so gradients reach early layers unchanged.</summary>
    PreNorm,

    /// <summary>LayerNorm(x + f(x)): Vaswani et al. 2017's original; harder to train deep without warm-up.</summary>
    PostNorm,
}

/// <summary>One transformer decoder block: causal self-attention, then the feed-forward network, each with a residual connection.</summary>
/// <remarks>
/// Vaswani et al. 2017 §3.1 (post-norm); GPT-2 (Radford et al. 2019 §2.3) moved LayerNorm to each sub-block's input
/// (pre-norm), as in karpathy/nanoGPT model.py (Block), whose names ln_1, attn, ln_2, mlp are GPT-2's.
/// </remarks>
public sealed class Block : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln_1;              // state_dict "ln_1.*"
    private readonly CausalSelfAttention attn;    // "attn.*"
    private readonly LayerNorm ln_2;              // "ln_2.*"
    private readonly Mlp mlp;                     // "mlp.*"
    private readonly NormPlacement _norm;

    public Block(int nEmbd, int nHead, int blockSize, double dropout = 0.0, bool bias = true,
        NormPlacement norm = NormPlacement.PreNorm, Device? device = null)
        : base(nameof(Block))
    {
        ln_1 = new LayerNorm(nEmbd, bias, device: device);
        attn = new CausalSelfAttention(nEmbd, nHead, blockSize, dropout, bias, device);
        ln_2 = new LayerNorm(nEmbd, bias, device: device);
        mlp = new Mlp(nEmbd, dropout, bias, device);
        _norm = norm;
        RegisterComponents();
    }

    public NormPlacement Norm => _norm;

    /// <summary>The block's attention, e.g. for <see cref="CausalSelfAttention.ForwardWithWeights"/> heatmaps.</summary>
    public CausalSelfAttention Attention => attn;

    /// <summary>The block's feed-forward network (its projections can be wrapped for LoRA or adapters).</summary>
    public Mlp Mlp => mlp;

    /// <summary>x (B, T, C) → (B, T, C).</summary>
    public override Tensor forward(Tensor x) => Apply(x, attn.call);

    /// <summary>As <see cref="forward"/>, with the attention reusing and extending <paramref name="cache"/> (see <see cref="KvCache"/>).</summary>
    public Tensor ForwardCached(Tensor x, KvCache cache) => Apply(x, h => attn.ForwardCached(h, cache));

    /// <summary>As <see cref="forward"/>, and the attention weights (B, nh, T, T) for heatmaps.</summary>
    public (Tensor Output, Tensor Weights) ForwardWithWeights(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor weights = null!;
        var y = Apply(x, h =>
        {
            var (output, w) = attn.ForwardWithWeights(h);
            weights = w.MoveToOuterDisposeScope();   // out of Apply's scope, into this one
            return output;
        });
        return (y.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }

    // Pre-norm: x + attn(ln_1(x)), then + mlp(ln_2(x)); the residual stream itself is never normalised.
    // Post-norm: ln_1(x + attn(x)), then ln_2(· + mlp(·)); every sum is normalised.
    private Tensor Apply(Tensor x, Func<Tensor, Tensor> attention)
    {
        using var scope = NewDisposeScope();
        Tensor y = _norm == NormPlacement.PreNorm
            ? PreNorm(x, attention)
            : ln_2.call(AddMlp(ln_1.call(x + attention(x))));
        return y.MoveToOuterDisposeScope();
    }

    private Tensor PreNorm(Tensor x, Func<Tensor, Tensor> attention)
    {
        x = x + attention(ln_1.call(x));      // (B, T, C): each position gathers from earlier ones
        return x + mlp.call(ln_2.call(x));    // (B, T, C): each position thinks on its own
    }

    private Tensor AddMlp(Tensor x) => x + mlp.call(x);
}
