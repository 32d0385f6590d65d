using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Encoder;

/// <summary>
/// An <see cref="EncoderClassifier"/>'s body with a masked-language-model head: at each position, a score for every token
/// of the vocabulary, read from the final hidden state through the token embedding table itself (a tied head).
/// </summary>
/// <remarks>
/// logits = h · Eᵀ + b, with E the encoder's (V, C) token embeddings and b a bias per token. Tying is what BERT does
/// (Devlin et al. 2019, whose head adds a dense + GELU + LayerNorm transform before it; ln_f plays that part's
/// normalising role here). For this course's small encoders tying has two more reasons: a separate (C, V) head would add
/// as many parameters as the embeddings (V × C, about half the model), all thrown away before fine-tuning; and the
/// pre-training gradient then shapes the embedding table directly, which is the part the classifier inherits. The
/// classifier's own head (on [CLS]) is not used here and is left untouched.
/// State dict: "encoder.*" (the classifier's keys) and "bias".
/// </remarks>
public sealed class MaskedLanguageModel : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly EncoderClassifier encoder;
    private readonly Parameter bias;                           // (V)

    public MaskedLanguageModel(EncoderClassifier encoder)
        : base(nameof(MaskedLanguageModel))
    {
        this.encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        bias = new Parameter(zeros(encoder.Config.VocabSize, device: encoder.TokenEmbedding.device));
        RegisterComponents();
    }

    /// <summary>The encoder being pre-trained: the same object, so fine-tuning it afterwards starts from these weights.</summary>
    public EncoderClassifier Encoder => encoder;

    /// <summary>The per-token bias b of the head, (V).</summary>
    public Parameter Bias => bias;

    /// <summary>ids (B, T) and keyMask (B, T) → a score per vocabulary token at every position, (B, T, V).</summary>
    public override Tensor forward(Tensor ids, Tensor keyMask)
    {
        using var scope = NewDisposeScope();
        var h = encoder.HiddenStates(ids, keyMask);                                    // (B, T, C)
        return F.linear(h, encoder.TokenEmbedding, bias).MoveToOuterDisposeScope();   // (B, T, C) · (C, V) + (V) -> (B, T, V)
    }

    /// <summary>
    /// The scores at the <paramref name="chosen"/> positions only, (N, V) with N = chosen.sum(), in row-major (b, t)
    /// order: the loss needs no others, and the (C × V) product on 15 % of the positions is a seventh of the work.
    /// </summary>
    public Tensor LogitsAt(Tensor ids, Tensor keyMask, Tensor chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        using var scope = NewDisposeScope();
        var h = encoder.HiddenStates(ids, keyMask);                                    // (B, T, C)
        var picked = h[chosen.to(h.device)];                                           // (B, T, C) -> (N, C)
        return F.linear(picked, encoder.TokenEmbedding, bias).MoveToOuterDisposeScope();   // (N, V)
    }

    /// <summary>
    /// AdamW over the encoder and the head's bias, with weight decay on matrices only; the classifier's own head (on
    /// [CLS]) is left out, since this objective never uses it.
    /// </summary>
    public optim.Optimizer CreateOptimizer(double learningRate, double weightDecay = 0.01, double beta1 = 0.9, double beta2 = 0.999)
    {
        var all = named_parameters().Where(p => p.parameter.requires_grad && !p.name.StartsWith("encoder.head.", StringComparison.Ordinal))
            .Select(p => p.parameter).ToList();
        var decay = new AdamW.ParamGroup(all.Where(p => p.dim() >= 2).ToList(), learningRate, beta1, beta2, weight_decay: weightDecay);
        var noDecay = new AdamW.ParamGroup(all.Where(p => p.dim() < 2).ToList(), learningRate, beta1, beta2, weight_decay: 0.0);
        return optim.AdamW([decay, noDecay], learningRate, beta1, beta2);
    }

    /// <summary>
    /// The masked-language-model loss: the mean, over the chosen positions, of −log p(original token), and nothing from
    /// the others. Equals cross-entropy over all positions with ignore_index = <see cref="MlmMasking.Ignore"/>.
    /// </summary>
    public Tensor Loss(MaskedBatch batch, Tensor keyMask)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        var logits = LogitsAt(batch.Inputs, keyMask, batch.Chosen);                   // (N, V)
        var targets = batch.Labels[batch.Chosen.to(logits.device)];                   // (B, T) -> (N)
        if (targets.numel() == 0)
            throw new ArgumentException("No position of this batch was chosen, so the loss is undefined (0/0).", nameof(batch));
        return F.cross_entropy(logits, targets).MoveToOuterDisposeScope();
    }
}
