using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Gpt;

/// <summary>Generation: one token at a time, greedy or sampled, with or without a KV cache.</summary>
/// <remarks>
/// nanoGPT's GPT.generate, plus the cache (notebook 08). A context never exceeds BlockSize positions. nanoGPT crops to
/// the last BlockSize tokens every step, which a cache cannot follow: with learned positions, sliding the window by one
/// changes every position's embedding and so every cached key. Here both paths slide the same way instead: when the
/// sequence outgrows the block, the window jumps forward to keep its last BlockSize/2 tokens (the cache is refilled
/// from them), so cached and uncached generation compute the same logits and greedy decoding gives the same tokens.
/// </remarks>
public sealed partial class GptModel
{
    /// <summary>
    /// Appends <paramref name="maxNewTokens"/> tokens to each row of <paramref name="prompt"/> (B, T) and returns
    /// (B, T + maxNewTokens) on the model's device. temperature 0: greedy (the most likely token); above 0: sample from
    /// softmax(logits / temperature), with <paramref name="generator"/> (a CPU generator) when given, so the same seed gives
    /// the same text on any device. Runs in eval mode without autograd, one dispose scope per step.
    /// </summary>
    public Tensor Generate(Tensor prompt, int maxNewTokens, double temperature = 0.0, bool useCache = true, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (prompt.dim() != 2 || prompt.dtype != ScalarType.Int64 || prompt.shape[1] < 1)
            throw new ArgumentException($"The prompt must be (B, T) int64 with T ≥ 1, found {prompt.dtype} {Checks.Check.Format(prompt.shape)}.", nameof(prompt));
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        if (!(temperature >= 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature is 0 (greedy) or a positive number (1: the model's own distribution).");

        int rows = (int)prompt.shape[0], promptLength = (int)prompt.shape[1], total = promptLength + maxNewTokens;
        var device = transformer.TokenEmbedding.weight.device;
        var sequence = new long[rows * total];                      // (B, total) row-major, on the CPU
        long[] promptIds;
        using (NewDisposeScope())
            promptIds = prompt.cpu().data<long>().ToArray();
        for (int r = 0; r < rows; r++)
            Array.Copy(promptIds, r * promptLength, sequence, r * total, promptLength);

        int keep = Math.Max(1, Config.BlockSize / 2);
        int length = promptLength, windowStart = Math.Max(0, promptLength - Config.BlockSize);
        bool refill = true;
        bool wasTraining = training;
        eval();
        using var cache = useCache ? CreateCache() : null;
        try
        {
            using var noGrad = no_grad();
            for (int step = 0; step < maxNewTokens; step++)
            {
                using var scope = NewDisposeScope();
                if (length - windowStart > Config.BlockSize)
                {
                    windowStart = length - keep;                    // the window jumps; the cache must be rebuilt
                    refill = true;
                }
                Tensor logits;                                      // (B, Tfed, V)
                if (cache is null)
                {
                    logits = forward(Window(sequence, rows, total, windowStart, length, device));
                }
                else if (refill)
                {
                    cache.Clear();
                    logits = ForwardCached(Window(sequence, rows, total, windowStart, length, device), cache);
                    refill = false;
                }
                else
                {
                    logits = ForwardCached(Window(sequence, rows, total, length - 1, length, device), cache);   // the newest token only
                }
                var next = NextTokens(logits[.., -1, ..], temperature, generator);   // (B, Tfed, V) -> (B, V) -> B ids
                for (int r = 0; r < rows; r++)
                    sequence[r * total + length] = next[r];
                length++;
            }
        }
        finally
        {
            train(wasTraining);
        }
        return tensor(sequence, [rows, total], device: device);
    }

    /// <summary>Positions start … end−1 of every row, as a (B, end − start) tensor on the device.</summary>
    private static Tensor Window(long[] sequence, int rows, int total, int start, int end, Device device)
    {
        var ids = new long[rows * (end - start)];
        for (int r = 0; r < rows; r++)
            Array.Copy(sequence, r * total + start, ids, r * (end - start), end - start);
        return tensor(ids, [rows, end - start], device: device);
    }

    /// <summary>One id per row from logits (B, V): the arg-max when greedy, else a draw from softmax(logits / temperature).</summary>
    private static long[] NextTokens(Tensor logits, double temperature, Generator? generator)
    {
        if (temperature == 0)
            return logits.argmax(-1).cpu().data<long>().ToArray();
        var probabilities = (logits / temperature).softmax(-1);                  // (B, V)
        if (generator is not null)
            probabilities = probabilities.cpu();                                  // a CPU generator draws on the CPU
        return multinomial(probabilities, 1, generator: generator).cpu().view(-1).data<long>().ToArray();   // (B, 1) -> (B)
    }
}
