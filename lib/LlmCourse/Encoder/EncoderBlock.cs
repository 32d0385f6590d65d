using LlmCourse.Attention;
using LlmCourse.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Encoder;

/// <summary>One transformer encoder block: bidirectional self-attention that skips padding, then the feed-forward network.</summary>
/// <remarks>
/// Vaswani et al. 2017 §3.1's encoder layer, with LayerNorm before each sub-layer (pre-norm, as GPT-2 and most later
/// models; the 2017 paper and BERT normalise after). It differs from <see cref="Block"/> in one place only: every position
/// may attend to every real position, before or after it, and no position may attend to [PAD]. Two switches serve
/// notebook 16, which compares a bidirectional and a causal model that differ in nothing else: <c>causal</c> hides later
/// positions (the block then acts as a decoder-only block), and <c>rotary</c> encodes positions by rotating queries and
/// keys (<see cref="RotaryPositions"/>) instead of relying on learned position embeddings added to the input.
/// </remarks>
public sealed class EncoderBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LlmCourse.Transformer.LayerNorm ln_1;   // state_dict "ln_1.*"
    private readonly MultiHeadAttention attn;                 // "attn.*": q_proj, k_proj, v_proj, out_proj
    private readonly LlmCourse.Transformer.LayerNorm ln_2;   // "ln_2.*"
    private readonly Mlp mlp;                                 // "mlp.*": c_fc, c_proj

    public EncoderBlock(int nEmbd, int nHead, double dropout = 0.0, bool bias = true, Device? device = null,
        bool causal = false, bool rotary = false, double? attentionDropout = null)
        : base(nameof(EncoderBlock))
    {
        ln_1 = new LlmCourse.Transformer.LayerNorm(nEmbd, bias, device: device);
        attn = new MultiHeadAttention(nEmbd, nHead, causal: causal, dropout: dropout, bias: bias, device: device, rotary: rotary,
            attentionDropout: attentionDropout);
        ln_2 = new LlmCourse.Transformer.LayerNorm(nEmbd, bias, device: device);
        mlp = new Mlp(nEmbd, dropout, bias, device);
        RegisterComponents();
    }

    /// <summary>The block's attention, e.g. for <see cref="MultiHeadAttention.ForwardWithWeights"/> heatmaps.</summary>
    public MultiHeadAttention Attention => attn;

    /// <summary>x (B, T, C) and keyMask (B, T), true for real tokens → (B, T, C).</summary>
    public override Tensor forward(Tensor x, Tensor keyMask)
    {
        using var scope = NewDisposeScope();
        var h = ln_1.call(x);
        x = x + attn.Forward(h, h, keyMask);      // (B, T, C): each position gathers from all real positions
        x = x + mlp.call(ln_2.call(x));           // (B, T, C): each position on its own
        return x.MoveToOuterDisposeScope();
    }
}
