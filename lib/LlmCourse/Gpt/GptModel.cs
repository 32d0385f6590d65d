using LlmCourse.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmCourse.Gpt;

/// <summary>A decoder-only transformer language model (GPT-2's architecture): ids (B, T) → next-token logits (B, T, V).</summary>
/// <remarks>
/// Radford et al. 2019, "Language Models are Unsupervised Multitask Learners" (GPT-2), built as karpathy/nanoGPT
/// model.py (GPT) builds it: <see cref="GptTransformer"/> and a bias-free lm_head, GPT-2's initialisation, and state_dict
/// keys exactly GPT-2's ("transformer.wte.weight" … "lm_head.weight"). With <see cref="GptConfig.TieEmbeddings"/> the
/// head and the token embedding are one parameter (Press and Wolf 2017), listed under both keys as in PyTorch.
/// </remarks>
public sealed partial class GptModel : nn.Module<Tensor, Tensor>, Checkpoints.IConfiguredModule
{
    private readonly GptTransformer transformer;   // state_dict "transformer.*"
    private readonly Linear lm_head;               // "lm_head.weight": (V, C), no bias; when tied, the same tensor as wte

    /// <summary>A freshly initialised model; seed first (Course.Seed) for the same weights every run.</summary>
    public GptModel(GptConfig config, Device? device = null)
        : base(nameof(GptModel))
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).Validate();
        transformer = new GptTransformer(config, device);
        lm_head = nn.Linear(config.NEmbd, config.VocabSize, hasBias: false, device: device);
        if (config.TieEmbeddings)
            lm_head.weight = transformer.TokenEmbedding.weight;
        InitialiseWeights();
        RegisterComponents();
    }

    public GptConfig Config { get; }

    string Checkpoints.IConfiguredModule.ConfigType => nameof(GptConfig);

    string Checkpoints.IConfiguredModule.ConfigJson => Config.ToJson();

    /// <summary>Embeddings, blocks and final LayerNorm (state_dict "transformer.*").</summary>
    public GptTransformer Transformer => transformer;

    /// <summary>The blocks, for attention heatmaps: <c>model.Blocks[0].Attention.ForwardWithWeights(x)</c>.</summary>
    public IReadOnlyList<Block> Blocks => transformer.Blocks;

    /// <summary>The output layer's weight (V, C); with tied embeddings the very same tensor as the token embedding's.</summary>
    public Parameter HeadWeight => lm_head.weight;

    /// <summary>ids (B, T) int64, T ≤ BlockSize, every id &lt; VocabSize → logits (B, T, V): at t, scores for the token after t.</summary>
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        return lm_head.call(transformer.call(ids)).MoveToOuterDisposeScope();   // (B, T, C) -> (B, T, V)
    }

    /// <summary>
    /// Logits (B, T, V) from vectors (B, T, C) given in place of the token embeddings (see
    /// <see cref="GptTransformer.ForwardEmbeddings"/>): how a soft prompt feeds trainable rows to a frozen model.
    /// </summary>
    public Tensor ForwardEmbeddings(Tensor embeddings)
    {
        using var scope = NewDisposeScope();
        return lm_head.call(transformer.ForwardEmbeddings(embeddings)).MoveToOuterDisposeScope();   // (B, T, C) -> (B, T, V)
    }

    /// <summary>Logits and the mean cross-entropy against <paramref name="targets"/> (B, T), the ids that follow each position.</summary>
    public (Tensor Logits, Tensor Loss) ForwardWithLoss(Tensor ids, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (!targets.shape.SequenceEqual(ids.shape))
            throw new ArgumentException(
                $"Targets {Checks.Check.Format(targets.shape)} must have the ids' shape {Checks.Check.Format(ids.shape)}: one next token per position.",
                nameof(targets));
        var logits = forward(ids);
        return (logits, Training.Loss.CrossEntropy(logits, targets));            // (B, T, V) vs (B, T)
    }

    /// <summary>Each block's attention weights (B, nh, T, T) for these ids, block 0 first, for heatmaps; runs without autograd.</summary>
    public IReadOnlyList<Tensor> AttentionWeights(Tensor ids) => transformer.AttentionWeights(ids);

    /// <summary>An empty KV cache for <see cref="ForwardCached"/>: one <see cref="Attention.KvCache"/> per block, BlockSize positions each.</summary>
    public GptCache CreateCache() => new(Config.NLayer, Config.BlockSize);

    /// <summary>
    /// Logits (B, Tnew, V) for the next ids (B, Tnew) of sequences whose earlier positions are in <paramref name="cache"/>,
    /// which grows by Tnew. Equals <see cref="forward"/> on the whole sequence, at the new positions. Runs without autograd.
    /// </summary>
    public Tensor ForwardCached(Tensor ids, GptCache cache)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return lm_head.call(transformer.ForwardCached(ids, cache)).MoveToOuterDisposeScope();
    }

    /// <summary>Parameters, each shared tensor counted once; nonEmbedding leaves out the position table, as nanoGPT reports.</summary>
    public long ParameterCount(bool nonEmbedding = false)
    {
        long total = parameters().Sum(p => p.numel());
        return nonEmbedding ? total - transformer.PositionEmbedding.weight.numel() : total;
    }

    /// <summary>
    /// AdamW as nanoGPT's configure_optimizers sets it up: weight decay on the matrices (Linear weights, embeddings),
    /// none on biases and LayerNorm gains, which only shift and scale.
    /// </summary>
    public AdamW CreateOptimizer(double learningRate, double weightDecay = 0.1, double beta1 = 0.9, double beta2 = 0.95)
    {
        var all = parameters().Where(p => p.requires_grad).ToList();
        var decay = new AdamW.ParamGroup(all.Where(p => p.dim() >= 2).ToList(), learningRate, beta1, beta2, weight_decay: weightDecay);
        var noDecay = new AdamW.ParamGroup(all.Where(p => p.dim() < 2).ToList(), learningRate, beta1, beta2, weight_decay: 0.0);
        return optim.AdamW([decay, noDecay], learningRate, beta1, beta2);
    }

    /// <summary>Moving (.to, .cuda) copies wte and lm_head separately; point lm_head back at wte's copy so they stay one parameter.</summary>
    protected override void _toEpilog(ScalarType? dtype, Device? device, bool non_blocking)
    {
        base._toEpilog(dtype, device, non_blocking);
        if (Config.TieEmbeddings)
            lm_head.weight = transformer.TokenEmbedding.weight;
    }

    /// <summary>
    /// GPT-2's initialisation: matrices N(0, 0.02), biases 0, LayerNorms at 1 and 0; the projections that write into the
    /// residual stream (c_proj) N(0, 0.02/√(2·NLayer)), because each block adds two of them to the stream.
    /// </summary>
    private void InitialiseWeights()
    {
        double residualStd = 0.02 / Math.Sqrt(2.0 * Config.NLayer);
        using (no_grad())
        {
            var named = transformer.named_parameters().Select(np => ("transformer." + np.name, np.parameter)).ToList();
            if (!Config.TieEmbeddings)
                named.Add(("lm_head.weight", lm_head.weight));
            foreach (var (name, parameter) in named)
            {
                if (name.EndsWith("c_proj.weight", StringComparison.Ordinal))
                    nn.init.normal_(parameter, 0, residualStd);
                else if (parameter.dim() >= 2)
                    nn.init.normal_(parameter, 0, 0.02);
                else if (name.EndsWith(".bias", StringComparison.Ordinal))
                    nn.init.zeros_(parameter);
            }
        }
    }
}
