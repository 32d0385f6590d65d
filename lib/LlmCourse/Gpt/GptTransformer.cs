using LlmCourse.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using LayerNorm = LlmCourse.Transformer.LayerNorm;   // not TorchSharp.Modules.LayerNorm
using static TorchSharp.torch;

namespace LlmCourse.Gpt;

/// <summary>GPT's body: token and position embeddings, the blocks, a final LayerNorm; ids (B, T) → hidden states (B, T, C).</summary>
/// <remarks>
/// Hugging Face's GPT2Model, or the <c>transformer</c> ModuleDict of karpathy/nanoGPT model.py (GPT): wte, wpe, drop,
/// h, ln_f are GPT-2's names (Radford et al. 2019), so the keys read "transformer.h.0.attn.c_attn.weight" as in GPT-2's
/// checkpoints. <see cref="GptModel"/> puts the language-model head on top.
/// </remarks>
public sealed class GptTransformer : nn.Module<Tensor, Tensor>
{
    private readonly EmbeddingTable wte;      // state_dict "wte.weight": (V, C), one row per token
    private readonly EmbeddingTable wpe;      // "wpe.weight": (BlockSize, C), one row per position (learned, as GPT-2)
    private readonly Dropout drop;
    private readonly ModuleList<Block> h;     // "h.0.*" … "h.{NLayer-1}.*"
    private readonly LayerNorm ln_f;          // "ln_f.*": pre-norm blocks leave the stream unnormalised, so one last norm

    public GptTransformer(GptConfig config, Device? device = null)
        : base(nameof(GptTransformer))
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).Validate();
        wte = new EmbeddingTable(config.VocabSize, config.NEmbd, device);
        wpe = new EmbeddingTable(config.BlockSize, config.NEmbd, device);
        drop = nn.Dropout(config.Dropout);
        h = new ModuleList<Block>();
        for (int i = 0; i < config.NLayer; i++)
            h.Add(new Block(config.NEmbd, config.NHead, config.BlockSize, config.Dropout, config.Bias, device: device));
        ln_f = new LayerNorm(config.NEmbd, config.Bias, device: device);
        RegisterComponents();
    }

    public GptConfig Config { get; }

    public EmbeddingTable TokenEmbedding => wte;

    public EmbeddingTable PositionEmbedding => wpe;

    public IReadOnlyList<Block> Blocks => h.ToList();

    /// <summary>ids (B, T) int64 → (B, T, C), after the final LayerNorm.</summary>
    public override Tensor forward(Tensor ids) => Run(ids, 0, (block, x, _) => block.call(x));

    /// <summary>As <see cref="forward"/> for the next ids of a sequence whose earlier positions are in <paramref name="cache"/>.</summary>
    public Tensor ForwardCached(Tensor ids, GptCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (cache.Layers.Count != h.Count)
            throw new ArgumentException($"The cache has {cache.Layers.Count} layers but the model has {h.Count}. Make it with CreateCache().", nameof(cache));
        return Run(ids, cache.Length, (block, x, i) => block.ForwardCached(x, cache.Layers[i]));
    }

    /// <summary>Every block's attention weights (B, nh, T, T) for ids (B, T), block 0 first: where each position looked.</summary>
    public IReadOnlyList<Tensor> AttentionWeights(Tensor ids)
    {
        var weights = new List<Tensor>();
        using (no_grad())
        {
            Run(ids, 0, (block, x, _) =>
            {
                var (y, w) = block.ForwardWithWeights(x);
                weights.Add(w.MoveToOuterDisposeScope());    // out of Run's scope, to the caller
                return y;
            }).Dispose();
        }
        return weights;
    }

    /// <summary>
    /// As <see cref="forward"/>, from vectors (B, T, C) in place of the token embeddings wte(ids): a soft prompt's trainable
    /// rows can go before the prompt's own (notebook 13). Positions 0 … T−1 are added as usual.
    /// </summary>
    public Tensor ForwardEmbeddings(Tensor embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.dim() != 3 || embeddings.shape[2] != Config.NEmbd || embeddings.shape[1] < 1)
            throw new ArgumentException($"Expected embeddings (B, T, {Config.NEmbd}) with T ≥ 1, found {Checks.Check.Format(embeddings.shape)}.", nameof(embeddings));
        if (embeddings.shape[1] > Config.BlockSize)
            throw new ArgumentException(
                $"The sequence has {embeddings.shape[1]} positions but the model's context is {Config.BlockSize} (BlockSize). Shorten it.", nameof(embeddings));
        using var scope = NewDisposeScope();
        return Body(embeddings, 0, (block, x, _) => block.call(x)).MoveToOuterDisposeScope();
    }

    private Tensor Run(Tensor ids, int start, Func<Block, Tensor, int, Tensor> applyBlock)
    {
        CheckIds(ids, start);
        using var scope = NewDisposeScope();
        return Body(wte.call(ids), start, applyBlock).MoveToOuterDisposeScope();
    }

    // No scope of its own: the callers' scope collects the intermediates (and AttentionWeights moves weights out of it).
    private Tensor Body(Tensor tokens, int start, Func<Block, Tensor, int, Tensor> applyBlock)
    {
        long t = tokens.shape[1];
        var positions = arange(start, start + t, ScalarType.Int64, tokens.device);  // (T): absolute positions
        var x = drop.call(tokens + wpe.call(positions));                            // (B, T, C) + (T, C) -> (B, T, C)
        for (int i = 0; i < h.Count; i++)
            x = applyBlock(h[i], x, i);                                              // (B, T, C) -> (B, T, C)
        return ln_f.call(x);
    }

    private void CheckIds(Tensor ids, int start)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.dim() != 2 || ids.dtype != ScalarType.Int64)
            throw new ArgumentException($"Expected ids (B, T) of int64, found {ids.dtype} {Checks.Check.Format(ids.shape)}.", nameof(ids));
        if (ids.shape[1] < 1)
            throw new ArgumentException("The sequence is empty: give at least one token.", nameof(ids));
        if (start + ids.shape[1] > Config.BlockSize)
            throw new ArgumentException(
                start == 0
                    ? $"The sequence has {ids.shape[1]} tokens but the model's context is {Config.BlockSize} (BlockSize). Crop it to the last {Config.BlockSize}."
                    : $"{start} cached positions + {ids.shape[1]} new tokens exceed the model's context of {Config.BlockSize}. Clear the cache and feed the last tokens again.",
                nameof(ids));
        using var scope = NewDisposeScope();
        var range = stack([ids.min(), ids.max()]).cpu().data<long>();   // one device round trip, not two
        long low = range[0], high = range[1];
        if (low < 0 || high >= Config.VocabSize)
            throw new ArgumentException(
                $"Token ids must lie in 0 … {Config.VocabSize - 1} (VocabSize {Config.VocabSize}), but the ids run from {low} to {high}. "
                + "Encode with the vocabulary the model was built for.", nameof(ids));
    }
}
