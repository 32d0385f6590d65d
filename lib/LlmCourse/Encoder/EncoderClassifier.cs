using LlmCourse.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmCourse.Encoder;

/// <summary>An encoder-only transformer that classifies a text from the final hidden state of its [CLS] token.</summary>
/// <remarks>
/// The shape of BERT (Devlin et al. 2019): token and learned position embeddings, a stack of bidirectional
/// <see cref="EncoderBlock"/>s, and a linear head on position 0, where every input has [CLS]. It learns from the labels
/// alone, or is first pre-trained as BERT was, inside a <see cref="MaskedLanguageModel"/>. Pre-norm blocks close with a final LayerNorm (ln_f), as in
/// GPT-2. Initialisation as BERT's: matrices and embeddings N(0, 0.02), biases 0.
/// </remarks>
public sealed class EncoderClassifier : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly EmbeddingTable wte;                       // state_dict "wte.weight": (V, C)
    private readonly EmbeddingTable wpe;                       // "wpe.weight": (MaxLength, C)
    private readonly Dropout drop;
    private readonly ModuleList<EncoderBlock> h;               // "h.0.*" … "h.{n-1}.*"
    private readonly LlmCourse.Transformer.LayerNorm ln_f;     // "ln_f.*"
    private readonly Linear head;                              // "head.*": (C) -> (Classes)

    public EncoderClassifier(EncoderConfig config, Device? device = null)
        : base(nameof(EncoderClassifier))
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).Validate();
        wte = new EmbeddingTable(config.VocabSize, config.NEmbd, device);
        wpe = new EmbeddingTable(config.MaxLength, config.NEmbd, device);
        drop = nn.Dropout(config.Dropout);
        h = nn.ModuleList(Enumerable.Range(0, config.NLayer)
            .Select(_ => new EncoderBlock(config.NEmbd, config.NHead, config.Dropout, bias: true, device,
                attentionDropout: config.AttentionWeightDropout)).ToArray());
        ln_f = new LlmCourse.Transformer.LayerNorm(config.NEmbd, device: device);
        head = nn.Linear(config.NEmbd, config.Classes, device: device);
        RegisterComponents();
        using (no_grad())
        {
            foreach (var (name, parameter) in named_parameters())
            {
                if (name.StartsWith("ln", StringComparison.Ordinal) || name.Contains(".ln_", StringComparison.Ordinal))
                    continue;   // LayerNorms keep gain 1 and shift 0
                if (parameter.dim() >= 2)
                    nn.init.normal_(parameter, 0, 0.02);
                else
                    nn.init.zeros_(parameter);
            }
        }
    }

    public EncoderConfig Config { get; }

    public IReadOnlyList<EncoderBlock> Blocks => h.ToList();

    /// <summary>The (V, C) token embedding table, which a masked-language-model head reuses as its output matrix.</summary>
    public Parameter TokenEmbedding => wte.weight;

    /// <summary>ids (B, T) int64 with [CLS] at position 0, keyMask (B, T) true for real tokens → logits (B, Classes).</summary>
    public override Tensor forward(Tensor ids, Tensor keyMask)
    {
        using var scope = NewDisposeScope();
        return head.call(Cls(ids, keyMask)).MoveToOuterDisposeScope();   // (B, C) -> (B, Classes)
    }

    /// <summary>The final hidden state of every position, after ln_f: (B, T) → (B, T, C). Padded positions hold unused values.</summary>
    public Tensor HiddenStates(Tensor ids, Tensor keyMask)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(keyMask);
        if (ids.dim() != 2 || !keyMask.shape.SequenceEqual(ids.shape))
            throw new ArgumentException($"Expected ids and keyMask of the same shape (B, T); found {Checks.Check.Format(ids.shape)} "
                + $"and {Checks.Check.Format(keyMask.shape)}.");
        long T = ids.shape[1];
        if (T > Config.MaxLength)
            throw new ArgumentException($"Inputs of {T} positions exceed MaxLength {Config.MaxLength}; truncate them when encoding.");
        using var scope = NewDisposeScope();
        var mask = keyMask.to(ids.device);
        var x = wte.call(ids) + wpe.call(arange(T, device: ids.device));   // (B, T, C) + (T, C) -> (B, T, C)
        x = drop.call(x);
        foreach (var block in h)
            x = block.call(x, mask);                                         // (B, T, C) -> (B, T, C)
        return ln_f.call(x).MoveToOuterDisposeScope();
    }

    /// <summary>The [CLS] vector of each input: the final hidden state at position 0, (B, T) → (B, C).</summary>
    public Tensor Cls(Tensor ids, Tensor keyMask)
    {
        using var scope = NewDisposeScope();
        return HiddenStates(ids, keyMask).select(1, 0).MoveToOuterDisposeScope();   // (B, T, C) -> (B, C)
    }

    /// <summary>Parameters, all of them (the position table included).</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());

    /// <summary>AdamW with weight decay on matrices only, as <see cref="Gpt.GptModel.CreateOptimizer"/>.</summary>
    public optim.Optimizer CreateOptimizer(double learningRate, double weightDecay = 0.01, double beta1 = 0.9, double beta2 = 0.999)
    {
        var all = parameters().Where(p => p.requires_grad).ToList();
        var decay = new AdamW.ParamGroup(all.Where(p => p.dim() >= 2).ToList(), learningRate, beta1, beta2, weight_decay: weightDecay);
        var noDecay = new AdamW.ParamGroup(all.Where(p => p.dim() < 2).ToList(), learningRate, beta1, beta2, weight_decay: 0.0);
        return optim.AdamW([decay, noDecay], learningRate, beta1, beta2);
    }
}
