using LlmCourse.Attention;
using TorchSharp;
using static TorchSharp.torch;
using LayerNorm = LlmCourse.Transformer.LayerNorm;
using Mlp = LlmCourse.Transformer.Mlp;

namespace LlmCourse.Translation;

/// <summary>One encoder block: self-attention in both directions with padding masked out, then the feed-forward network.</summary>
/// <remarks>
/// Vaswani et al. 2017 §3.1, with LayerNorm before each sub-layer (pre-norm, as GPT-2 and notebook 06's Block) because it
/// trains without a long warm-up. Unlike the decoder, every source word sees every other one, left and right.
/// </remarks>
public sealed class EncoderBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LayerNorm ln_1;                 // state_dict "ln_1.*"
    private readonly MultiHeadAttention self_attn;   // "self_attn.*": not causal
    private readonly LayerNorm ln_2;                 // "ln_2.*"
    private readonly Mlp mlp;                        // "mlp.*"

    public EncoderBlock(int nEmbd, int nHead, double dropout = 0.0, Device? device = null)
        : base(nameof(EncoderBlock))
    {
        ln_1 = new LayerNorm(nEmbd, device: device);
        self_attn = new MultiHeadAttention(nEmbd, nHead, causal: false, dropout, device: device);
        ln_2 = new LayerNorm(nEmbd, device: device);
        mlp = new Mlp(nEmbd, dropout, device: device);
        RegisterComponents();
    }

    /// <summary>x (B, S, C) and the source key mask (B, S), true for real words → (B, S, C).</summary>
    public override Tensor forward(Tensor x, Tensor sourceMask)
    {
        using var scope = NewDisposeScope();
        var h = ln_1.call(x);
        x = x + self_attn.Forward(h, h, sourceMask);     // (B, S, C): each word gathers from every real word
        x = x + mlp.call(ln_2.call(x));                  // (B, S, C): each word on its own
        return x.MoveToOuterDisposeScope();
    }
}
