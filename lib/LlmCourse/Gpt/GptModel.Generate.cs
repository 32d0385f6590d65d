using LlmCourse.Decoding;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Gpt;

/// <summary>Generation: one token at a time, greedy or sampled, with or without a KV cache.</summary>
/// <remarks>
/// nanoGPT's GPT.generate, plus the cache (notebook 08). The loop itself is the course's one sampler,
/// <see cref="Generation.Generate"/>; what GPT adds is how it reads the sequence. A context never exceeds BlockSize
/// positions. nanoGPT crops to the last BlockSize tokens every step, which a cache cannot follow: with learned positions,
/// sliding the window by one changes every position's embedding and so every cached key. Here both paths slide the same
/// way instead: when the sequence outgrows the block, the window jumps forward to keep its last BlockSize/2 tokens (the
/// cache is refilled from them), so cached and uncached generation compute the same logits and greedy decoding gives the
/// same tokens.
/// </remarks>
public sealed partial class GptModel
{
    /// <summary>
    /// Appends <paramref name="maxNewTokens"/> tokens to each row of <paramref name="prompt"/> (B, T) and returns
    /// (B, T + maxNewTokens) on the model's device. temperature 0: greedy (the most likely token); above 0: sample from
    /// softmax(logits / temperature) with <paramref name="generator"/> (a CPU generator: the same seed gives the same text
    /// on any device). Runs in eval mode without autograd, one dispose scope per step.
    /// </summary>
    public Tensor Generate(Tensor prompt, int maxNewTokens, double temperature = 0.0, bool useCache = true, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (prompt.dim() != 2 || prompt.dtype != ScalarType.Int64 || prompt.shape[1] < 1)
            throw new ArgumentException($"The prompt must be (B, T) int64 with T ≥ 1, found {prompt.dtype} {Checks.Check.Format(prompt.shape)}.", nameof(prompt));
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        if (!(temperature >= 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature is 0 (greedy) or a positive number (1: the model's own distribution).");
        if (temperature > 0 && generator is null)
            throw new ArgumentException(
                $"Sampling at temperature {temperature} needs a seeded generator, so the same seed gives the same text: pass generator: new Generator(seed).",
                nameof(generator));
        var strategy = temperature == 0 ? DecodingStrategy.Greedy : DecodingStrategy.Sampling(generator!, temperature);

        bool wasTraining = training;
        eval();
        using var cache = useCache ? CreateCache() : null;
        try
        {
            using var scope = NewDisposeScope();
            var start = prompt.to(transformer.TokenEmbedding.weight.device);                  // (B, T) on the model's device
            return Generation.Generate(AsNextTokenModel(cache), start, maxNewTokens, strategy).MoveToOuterDisposeScope();
        }
        finally
        {
            train(wasTraining);
        }
    }

    /// <summary>
    /// This GPT as a <see cref="NextTokenModel"/> for one generation: it is handed the whole sequence each step and reads
    /// the window of the rule above, through <paramref name="cache"/> when given (then only the newest token is fed,
    /// except when the window jumps and the cache is refilled). Stateful: it expects each call's ids to be the previous
    /// call's plus one token, as <see cref="Generation.Generate"/> makes them, and refills the cache when they are not.
    /// </summary>
    /// <remarks>The model is not switched to eval mode here: callers that may hold a training model do that themselves.</remarks>
    public NextTokenModel AsNextTokenModel(GptCache? cache)
    {
        int block = Config.BlockSize, keep = Math.Max(1, Config.BlockSize / 2);
        int windowStart = -1, fed = -1;                                 // fed: the length of the sequence the cache holds
        return ids =>
        {
            int length = (int)ids.shape[1];
            if (windowStart < 0)
                windowStart = Math.Max(0, length - block);              // the first call: the prompt's last BlockSize tokens
            bool refill = fed != length - 1;
            if (length - windowStart > block)
            {
                windowStart = length - keep;                            // the window jumps; a cache must be rebuilt
                refill = true;
            }
            Tensor logits;                                              // (B, Tfed, V)
            if (cache is null)
            {
                logits = forward(ids[.., windowStart..]);
            }
            else if (refill)
            {
                cache.Clear();
                logits = ForwardCached(ids[.., windowStart..], cache);
            }
            else
            {
                logits = ForwardCached(ids[.., (length - 1)..], cache); // the newest token only
            }
            fed = length;
            return logits[.., -1, ..];                                  // (B, Tfed, V) -> (B, V)
        };
    }
}
