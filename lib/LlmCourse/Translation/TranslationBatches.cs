using LlmCourse.Data;
using static TorchSharp.torch;

namespace LlmCourse.Translation;

/// <summary>One padded batch: source ids (B, S), decoder inputs (B, T) starting with BOS, and targets (B, T) ending with EOS.</summary>
public sealed record TranslationBatch(Tensor Source, Tensor TargetInput, Tensor TargetOutput) : IDisposable
{
    public void Dispose()
    {
        Source.Dispose();
        TargetInput.Dispose();
        TargetOutput.Dispose();
    }
}

/// <summary>Sentence pairs as padded id tensors, for teacher forcing: the decoder reads BOS w₁ … wₙ and must predict w₁ … wₙ EOS.</summary>
public sealed class TranslationBatches
{
    private readonly long[][] _sources;
    private readonly long[][] _targets;   // BOS w₁ … wₙ EOS

    /// <summary>Encodes every pair once; pairs longer than <paramref name="maxLength"/> tokens (with BOS) are cut.</summary>
    public TranslationBatches(IReadOnlyList<SentencePair> pairs, WordVocabulary source, WordVocabulary target, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        _sources = pairs.Select(p => source.Encode(p.Source).Take(maxLength).ToArray()).ToArray();
        // Keep room for BOS in the input and EOS in the output: both are the full sequence minus one token.
        _targets = pairs.Select(p => target.Encode(p.Target, bos: true, eos: true)).Select(t => t.Length <= maxLength + 1 ? t : [.. t[..maxLength], WordVocabulary.Eos]).ToArray();
    }

    /// <summary>Pairs held.</summary>
    public int Count => _sources.Length;

    /// <summary>The pairs at <paramref name="indices"/>, each side padded with PAD to its longest sentence.</summary>
    public TranslationBatch Batch(IReadOnlyList<int> indices, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var source = Pad(indices.Select(i => _sources[i]).ToArray());             // (B, S)
        var full = Pad(indices.Select(i => _targets[i]).ToArray());               // (B, T + 1)
        using var all = tensor(full.Values, device: device).view(indices.Count, full.Width);
        return new TranslationBatch(
            tensor(source.Values, device: device).view(indices.Count, source.Width),
            all[.., ..^1].contiguous(),                                            // (B, T + 1) -> (B, T): BOS w₁ … wₙ
            all[.., 1..].contiguous());                                            // (B, T): w₁ … wₙ EOS, shifted one on
    }

    /// <summary>
    /// One epoch in batches of <paramref name="batchSize"/>, shuffled with <paramref name="random"/>: pairs are sorted by
    /// length inside chunks of 50 batches so a batch holds sentences of similar length and carries little padding.
    /// </summary>
    public IEnumerable<int[]> Epoch(int batchSize, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentNullException.ThrowIfNull(random);
        var order = Enumerable.Range(0, Count).OrderBy(_ => random.Next()).ToArray();
        var batches = order.Chunk(batchSize * 50)
            .SelectMany(chunk => chunk.OrderBy(i => _targets[i].Length).Chunk(batchSize))
            .ToArray();
        return batches.OrderBy(_ => random.Next()).ToArray();
    }

    /// <summary>The source ids of pair <paramref name="index"/>, no BOS or EOS.</summary>
    public long[] SourceIds(int index) => _sources[index];

    private static (long[] Values, long Width) Pad(long[][] rows)
    {
        int width = rows.Max(r => r.Length);
        var values = new long[rows.Length * width];                                // PAD = 0 everywhere first
        for (int b = 0; b < rows.Length; b++)
            Array.Copy(rows[b], 0, values, b * width, rows[b].Length);
        return (values, width);
    }
}
