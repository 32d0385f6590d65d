using LlmCourse.Encoder;
using LlmCourse.Gpt;
using LlmCourse.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using LayerNorm = LlmCourse.Transformer.LayerNorm;

namespace LlmCourse.Diffusion;

/// <summary>LLaDA's mask predictor: GPT's transformer without the causal mask; ids with [MASK] (B, T) → logits (B, T, V) at every position.</summary>
/// <remarks>
/// Nie et al. 2025, §2.1: the same transformer as an autoregressive model, except that attention sees the whole sequence.
/// Built from a <see cref="GptConfig"/> with <see cref="EncoderBlock"/>s, which have <see cref="Block"/>'s parameter shapes,
/// so it has exactly as many parameters as a <see cref="GptModel"/> of that config. Position t predicts the token AT t
/// (the original of a [MASK]), not the next one.
/// </remarks>
public sealed class DiffusionModel : nn.Module<Tensor, Tensor>
{
    private readonly EmbeddingTable wte;            // (V, C); the [MASK] token has its own row
    private readonly EmbeddingTable wpe;            // (BlockSize, C)
    private readonly ModuleList<EncoderBlock> h;
    private readonly LayerNorm ln_f;
    private readonly Linear lm_head;                // (V, C), tied to wte when the config says so

    public DiffusionModel(GptConfig config, Device? device = null) : base(nameof(DiffusionModel))
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).Validate();
        wte = new EmbeddingTable(config.VocabSize, config.NEmbd, device);
        wpe = new EmbeddingTable(config.BlockSize, config.NEmbd, device);
        h = new ModuleList<EncoderBlock>();
        for (int i = 0; i < config.NLayer; i++)
            h.Add(new EncoderBlock(config.NEmbd, config.NHead, config.Dropout, config.Bias, device));
        ln_f = new LayerNorm(config.NEmbd, config.Bias, device: device);
        lm_head = nn.Linear(config.NEmbd, config.VocabSize, hasBias: false, device: device);
        if (config.TieEmbeddings)
            lm_head.weight = wte.weight;
        RegisterComponents();
        Initialise();   // after registration, so named_parameters() sees every submodule
    }

    public GptConfig Config { get; }

    /// <summary>ids (B, T) int64, T ≤ BlockSize → logits (B, T, V): at t, scores for the token that belongs at t.</summary>
    public override Tensor forward(Tensor ids)
    {
        long t = ids.shape[1];
        if (t > Config.BlockSize)
            throw new ArgumentException($"Sequence length {t} exceeds the block size {Config.BlockSize}.", nameof(ids));
        using var scope = NewDisposeScope();
        var x = wte.call(ids) + wpe.call(arange(t, device: ids.device));             // (B, T, C) + (T, C)
        var all = ones(ids.shape[0], t, dtype: ScalarType.Bool, device: ids.device);    // (B, T): no padding, every position visible
        foreach (var block in h)
            x = block.call(x, all);
        return lm_head.call(ln_f.call(x)).MoveToOuterDisposeScope();                    // (B, T, C) -> (B, T, V)
    }

    /// <summary>Parameters, each shared tensor counted once (as <see cref="GptModel.ParameterCount"/>).</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());

    /// <summary>AdamW with weight decay on matrices only, as <see cref="GptModel.CreateOptimizer"/>.</summary>
    public AdamW CreateOptimizer(double learningRate, double weightDecay = 0.1, double beta1 = 0.9, double beta2 = 0.95)
    {
        var all = parameters().Where(p => p.requires_grad).ToList();
        var decay = new AdamW.ParamGroup(all.Where(p => p.dim() >= 2).ToList(), learningRate, beta1, beta2, weight_decay: weightDecay);
        var noDecay = new AdamW.ParamGroup(all.Where(p => p.dim() < 2).ToList(), learningRate, beta1, beta2, weight_decay: 0.0);
        return optim.AdamW([decay, noDecay], learningRate, beta1, beta2);
    }

    /// <summary>GPT-2's initialisation, as GptModel: N(0, 0.02), residual projections scaled by 1/√(2·layers), zero biases.</summary>
    private void Initialise()
    {
        double residualStd = 0.02 / Math.Sqrt(2.0 * Config.NLayer);
        using (no_grad())
        {
            foreach (var (name, parameter) in named_parameters())
            {
                if (name.EndsWith("out_proj.weight", StringComparison.Ordinal) || name.EndsWith("c_proj.weight", StringComparison.Ordinal))
                    nn.init.normal_(parameter, 0, residualStd);
                else if (parameter.dim() >= 2)
                    nn.init.normal_(parameter, 0, 0.02);
                else if (name.EndsWith("bias", StringComparison.Ordinal))
                    nn.init.zeros_(parameter);
            }
        }
    }
}
