using LlmCourse.Attention;
using LlmCourse.Encoder;
using LlmCourse.Gpt;
using LlmCourse.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using LayerNorm = LlmCourse.Transformer.LayerNorm;

namespace LlmCourse.Diffusion;

/// <summary>
/// The network of both models in notebook 16: token embeddings, pre-norm blocks with rotary attention, a final LayerNorm
/// and a tied head; ids (B, T) → logits (B, T, V). Bidirectional it is LLaDA's mask predictor; causal it is the
/// autoregressive baseline. The flag changes no weight, so the two have the same parameters, shape for shape.
/// </summary>
/// <remarks>
/// Nie et al. 2025, §2.1: LLaDA's mask predictor is a Llama-style transformer without the causal mask. Like Llama it
/// encodes positions with rotary embeddings (<see cref="RotaryPositions"/>), not GPT-2's learned table, and that matters
/// here: with learned absolute positions the bidirectional model sat at the unigram loss for our whole cpu budget, because
/// a [MASK] position learns nothing until its attention finds its neighbours, and rotary positions make "my neighbour"
/// the same pattern at every position. The blocks are <see cref="EncoderBlock"/>s. Bidirectional, position t scores the
/// token that belongs AT t (the original of a [MASK]); causal, it scores the token after t, as <see cref="GptModel"/>.
/// </remarks>
public sealed class RotaryTransformer : nn.Module<Tensor, Tensor>
{
    private readonly EmbeddingTable wte;            // (V, C); the [MASK] token has its own row
    private readonly ModuleList<EncoderBlock> h;
    private readonly LayerNorm ln_f;
    private readonly Linear lm_head;                // (V, C), tied to wte when the config says so

    /// <param name="config">Vocabulary, block size (the longest sequence accepted), layers, heads, width, dropout, bias, tying.</param>
    /// <param name="causal">false: every position sees the whole sequence (the mask predictor); true: only itself and earlier ones.</param>
    public RotaryTransformer(GptConfig config, bool causal, Device? device = null) : base(nameof(RotaryTransformer))
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).Validate();
        IsCausal = causal;
        wte = new EmbeddingTable(config.VocabSize, config.NEmbd, device);
        h = new ModuleList<EncoderBlock>();
        for (int i = 0; i < config.NLayer; i++)
            h.Add(new EncoderBlock(config.NEmbd, config.NHead, config.Dropout, config.Bias, device, causal: causal, rotary: true));
        ln_f = new LayerNorm(config.NEmbd, config.Bias, device: device);
        lm_head = nn.Linear(config.NEmbd, config.VocabSize, hasBias: false, device: device);
        if (config.TieEmbeddings)
            lm_head.weight = wte.weight;
        RegisterComponents();
        Initialise();   // after registration, so named_parameters() sees every submodule
    }

    public GptConfig Config { get; }

    /// <summary>Whether attention is causal (the autoregressive model) or sees the whole sequence (the mask predictor).</summary>
    public bool IsCausal { get; }

    /// <summary>ids (B, T) int64, T ≤ BlockSize → logits (B, T, V).</summary>
    public override Tensor forward(Tensor ids)
    {
        long t = ids.shape[1];
        if (t > Config.BlockSize)
            throw new ArgumentException($"Sequence length {t} exceeds the block size {Config.BlockSize}.", nameof(ids));
        using var scope = NewDisposeScope();
        var x = wte.call(ids);                                                          // (B, T, C): no position is added; attention rotates
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

    /// <summary>
    /// Greedy continuation of <paramref name="prompt"/> by a causal model: up to <paramref name="maxTokens"/> tokens, stopping
    /// after <paramref name="stopId"/> when given. Recomputes the whole sequence each step (no cache; sequences here are short).
    /// </summary>
    public long[] Greedy(long[] prompt, int maxTokens, long? stopId = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (!IsCausal)
            throw new InvalidOperationException("Greedy next-token decoding needs the causal model; the bidirectional one fills masks (DiffusionSampler).");
        if (prompt.Length == 0 || prompt.Length + maxTokens > Config.BlockSize)
            throw new ArgumentException($"The prompt ({prompt.Length} tokens) plus {maxTokens} new tokens must fit the block size {Config.BlockSize}, "
                + "and the prompt must not be empty.", nameof(prompt));
        var device = wte.weight.device;
        var sequence = prompt.ToList();
        using (no_grad())
        {
            for (int i = 0; i < maxTokens; i++)
            {
                using var scope = NewDisposeScope();
                var logits = forward(tensor(sequence.ToArray(), device: device).unsqueeze(0));   // (1, T, V)
                long next = logits[0, -1].argmax().item<long>();
                sequence.Add(next);
                if (next == stopId)
                    break;
            }
        }
        return sequence.Skip(prompt.Length).ToArray();
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
