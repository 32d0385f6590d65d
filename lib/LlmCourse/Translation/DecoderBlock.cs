using LlmCourse.Attention;
using TorchSharp;
using static TorchSharp.torch;
using LayerNorm = LlmCourse.Transformer.LayerNorm;
using Mlp = LlmCourse.Transformer.Mlp;

namespace LlmCourse.Translation;

/// <summary>One decoder block: causal self-attention, cross-attention to the encoder's output, then the feed-forward network.</summary>
/// <remarks>
/// Vaswani et al. 2017 §3.1–3.2.3 (pre-norm here). The masked self-attention lets target position t read the target words
/// 0 … t only, so training on whole sentences at once (teacher forcing) cannot peek at the word it must predict. The
/// cross-attention takes its queries from the target and its keys and values from the encoder's output ("memory"): this
/// is where the decoder looks up which source words matter for the next word, the soft alignment of Bahdanau et al. 2015.
/// </remarks>
public sealed class DecoderBlock : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly LayerNorm ln_1;                  // state_dict "ln_1.*"
    private readonly MultiHeadAttention self_attn;    // "self_attn.*": causal
    private readonly LayerNorm ln_2;                  // "ln_2.*"
    private readonly MultiHeadAttention cross_attn;   // "cross_attn.*": queries from the target, keys and values from the memory
    private readonly LayerNorm ln_3;                  // "ln_3.*"
    private readonly Mlp mlp;                         // "mlp.*"

    public DecoderBlock(int nEmbd, int nHead, double dropout = 0.0, Device? device = null)
        : base(nameof(DecoderBlock))
    {
        ln_1 = new LayerNorm(nEmbd, device: device);
        self_attn = new MultiHeadAttention(nEmbd, nHead, causal: true, dropout, device: device);
        ln_2 = new LayerNorm(nEmbd, device: device);
        cross_attn = new MultiHeadAttention(nEmbd, nHead, causal: false, dropout, contextDim: nEmbd, device: device);
        ln_3 = new LayerNorm(nEmbd, device: device);
        mlp = new Mlp(nEmbd, dropout, device: device);
        RegisterComponents();
    }

    /// <summary>Target states y (B, T, C), memory (B, S, C), source key mask (B, S) → (B, T, C).</summary>
    public override Tensor forward(Tensor y, Tensor memory, Tensor sourceMask) => Apply(y, memory, sourceMask, false).Output;

    /// <summary>As <see cref="forward"/>, and the cross-attention weights (B, nh, T, S): how much target position t reads source word s.</summary>
    public (Tensor Output, Tensor CrossWeights) ForwardWithWeights(Tensor y, Tensor memory, Tensor sourceMask)
    {
        var (output, weights) = Apply(y, memory, sourceMask, true);
        return (output, weights!);
    }

    private (Tensor Output, Tensor? CrossWeights) Apply(Tensor y, Tensor memory, Tensor sourceMask, bool withWeights)
    {
        using var scope = NewDisposeScope();
        var h = ln_1.call(y);
        y = y + self_attn.Forward(h, h, null);                     // (B, T, C): target words 0 … t only
        h = ln_2.call(y);
        Tensor? weights = null;
        if (withWeights)
        {
            var (attended, w) = cross_attn.ForwardWithWeights(h, memory, sourceMask);   // (B, T, C), (B, nh, T, S)
            y = y + attended;
            weights = w.MoveToOuterDisposeScope();
        }
        else
        {
            y = y + cross_attn.Forward(h, memory, sourceMask);     // (B, T, C): what each target position needs from the source
        }
        y = y + mlp.call(ln_3.call(y));                            // (B, T, C)
        return (y.MoveToOuterDisposeScope(), weights);
    }
}
