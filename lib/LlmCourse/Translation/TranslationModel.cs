using LlmCourse.Encoder;
using LlmCourse.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using LayerNorm = LlmCourse.Transformer.LayerNorm;

namespace LlmCourse.Translation;

/// <summary>The encoder-decoder transformer of Vaswani et al. 2017: source ids (B, S) and target ids (B, T) → logits (B, T, V).</summary>
/// <remarks>
/// Vaswani et al. 2017 §3 with pre-norm blocks and a final LayerNorm on each side. Embeddings start N(0, 1/C) and are
/// multiplied by √C (§3.4), so words and the sinusoidal positions (§3.5) enter at the same scale; the output layer is
/// the target embedding itself (tied, §3.4, Press and Wolf 2017). The encoder runs once per source sentence; the decoder
/// reads its output ("memory") through every block's cross-attention. PAD source words are masked out of every
/// attention; PAD target positions sit after the real ones, so the causal mask already hides them, and the loss skips them.
/// </remarks>
public sealed class TranslationModel : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly EmbeddingTable src_embed;          // state_dict "src_embed.weight": (Vs, C)
    private readonly EmbeddingTable tgt_embed;          // "tgt_embed.weight": (Vt, C), also the output layer
    private readonly Dropout drop;
    private readonly ModuleList<EncoderBlock> encoder;  // "encoder.i.*"
    private readonly LayerNorm ln_enc;                  // "ln_enc.*"
    private readonly ModuleList<DecoderBlock> decoder;  // "decoder.i.*"
    private readonly LayerNorm ln_dec;                  // "ln_dec.*"
    private readonly double _scale;

    /// <summary>A freshly initialised model; seed first (Course.Seed) for the same weights every run.</summary>
    public TranslationModel(TranslationConfig config, Device? device = null)
        : base(nameof(TranslationModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        int c = config.NEmbd;
        src_embed = new EmbeddingTable(config.SourceVocabSize, c, device);
        tgt_embed = new EmbeddingTable(config.TargetVocabSize, c, device);
        using (no_grad())
        {
            src_embed.weight.mul_(1 / Math.Sqrt(c));    // N(0, 1) -> N(0, 1/C): times √C in forward gives unit variance again
            tgt_embed.weight.mul_(1 / Math.Sqrt(c));    // and logits of about unit size through the tied output layer
        }
        drop = nn.Dropout(config.Dropout);
        encoder = new ModuleList<EncoderBlock>();
        for (int i = 0; i < config.NEncoderLayers; i++)
            encoder.Add(new EncoderBlock(c, config.NHead, config.Dropout, device: device));   // notebook 09's block: the same layer
        ln_enc = new LayerNorm(c, device: device);
        decoder = new ModuleList<DecoderBlock>();
        for (int i = 0; i < config.NDecoderLayers; i++)
            decoder.Add(new DecoderBlock(c, config.NHead, config.Dropout, device));
        ln_dec = new LayerNorm(c, device: device);
        _scale = Math.Sqrt(c);
        RegisterComponents();
    }

    public TranslationConfig Config { get; }

    /// <summary>The decoder blocks, e.g. for their cross-attention weights.</summary>
    public IReadOnlyList<DecoderBlock> DecoderBlocks => [.. decoder];

    /// <summary>Source ids (B, S) and decoder inputs (B, T), BOS first → next-word logits (B, T, Vt).</summary>
    public override Tensor forward(Tensor source, Tensor targetInput)
    {
        using var scope = NewDisposeScope();
        var (memory, mask) = Encode(source);
        return Decode(targetInput, memory, mask).MoveToOuterDisposeScope();
    }

    /// <summary>Runs the encoder once: source ids (B, S) → memory (B, S, C) and the source mask (B, S), true for real words.</summary>
    public (Tensor Memory, Tensor SourceMask) Encode(Tensor source)
    {
        using var scope = NewDisposeScope();
        var mask = source.ne(WordVocabulary.Pad);                   // (B, S) bool
        var x = Embed(src_embed, source);                           // (B, S) -> (B, S, C)
        foreach (var block in encoder)
            x = block.call(x, mask);
        return (ln_enc.call(x).MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    /// <summary>Decoder inputs (B, T), memory (B, S, C), source mask (B, S) → logits (B, T, Vt).</summary>
    public Tensor Decode(Tensor targetInput, Tensor memory, Tensor sourceMask)
    {
        using var scope = NewDisposeScope();
        var y = Embed(tgt_embed, targetInput);                      // (B, T) -> (B, T, C)
        foreach (var block in decoder)
            y = block.call(y, memory, sourceMask);
        return Head(y).MoveToOuterDisposeScope();
    }

    /// <summary>As <see cref="Decode"/>, and every block's cross-attention weights, each (B, nh, T, S).</summary>
    public (Tensor Logits, Tensor[] CrossWeights) DecodeWithWeights(Tensor targetInput, Tensor memory, Tensor sourceMask)
    {
        using var scope = NewDisposeScope();
        var y = Embed(tgt_embed, targetInput);
        var weights = new Tensor[decoder.Count];
        for (int i = 0; i < decoder.Count; i++)
        {
            (y, weights[i]) = decoder[i].ForwardWithWeights(y, memory, sourceMask);
            weights[i].MoveToOuterDisposeScope();
        }
        return (Head(y).MoveToOuterDisposeScope(), weights);
    }

    /// <summary>
    /// Teacher-forced loss: mean cross-entropy of the logits for <paramref name="targetInput"/> against
    /// <paramref name="targetOutput"/> (the same sentence moved one word on), PAD targets ignored, optionally with label
    /// smoothing (Szegedy et al. 2016; Vaswani et al. used 0.1).
    /// </summary>
    public Tensor Loss(Tensor source, Tensor targetInput, Tensor targetOutput, double labelSmoothing = 0.0)
    {
        using var scope = NewDisposeScope();
        var logits = call(source, targetInput);                                      // (B, T, Vt)
        var flat = logits.reshape(-1, logits.shape[^1]);                             // (B, T, Vt) -> (B*T, Vt)
        var loss = F.cross_entropy(flat, targetOutput.reshape(-1),                  // (B, T) -> (B*T)
            ignore_index: WordVocabulary.Pad, label_smoothing: labelSmoothing);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>AdamW with weight decay on the matrices only (embeddings and Linear weights), not on biases and LayerNorm gains.</summary>
    public AdamW CreateOptimizer(double learningRate, double weightDecay = 0.01, double beta1 = 0.9, double beta2 = 0.98)
    {
        var all = parameters().ToList();
        var decay = new AdamW.ParamGroup(all.Where(p => p.dim() >= 2).ToList(), learningRate, beta1, beta2, weight_decay: weightDecay);
        var noDecay = new AdamW.ParamGroup(all.Where(p => p.dim() < 2).ToList(), learningRate, beta1, beta2, weight_decay: 0.0);
        return optim.AdamW([decay, noDecay], learningRate, beta1, beta2);   // β₂ = 0.98 as Vaswani et al. §5.3
    }

    /// <summary>Parameters, counting the tied target embedding once.</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());

    private Tensor Embed(EmbeddingTable table, Tensor ids)
    {
        long length = ids.shape[1];
        if (length > Config.MaxLength)
            throw new ArgumentException($"A sequence of {length} tokens is longer than MaxLength = {Config.MaxLength}; build the model with a larger MaxLength.");
        var positions = PositionalEncoding.Sinusoidal(length, Config.NEmbd, ids.device);   // (T, C)
        return drop.call(table.call(ids) * _scale + positions);                            // (B, T, C) + (T, C)
    }

    private Tensor Head(Tensor y) => ln_dec.call(y).matmul(tgt_embed.weight.t());   // (B, T, C) @ (C, Vt) -> (B, T, Vt)
}
