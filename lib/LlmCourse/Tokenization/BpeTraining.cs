using System.Text;
using System.Text.RegularExpressions;

namespace LlmCourse.Tokenization;

/// <summary>Learns byte-level BPE merges: the most frequent adjacent pair becomes a new token, until the vocabulary is full.</summary>
/// <remarks>The loop of karpathy/minbpe @ 1acefe8 (minbpe/regex.py, RegexTokenizer.train), with two speed-ups that
/// change no result: identical chunks are kept once with their count, and after a merge only the chunks that
/// held the pair are recounted.</remarks>
public static class BpeTraining
{
    /// <summary>The merges, in the order learned; merge k creates token 256 + k. Stops early when no pair is left.</summary>
    /// <param name="onMerge">Called after each merge with the number of merges so far (for a progress display).</param>
    public static List<(int Left, int Right)> LearnMerges(
        string text, int vocabSize, string? splitPattern = null, Action<int>? onMerge = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (vocabSize < 256)
            throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize,
                "A byte-level vocabulary holds the 256 single bytes first, so vocabSize must be at least 256.");

        var (chunks, weights) = DistinctChunks(text, splitPattern);
        var counts = new Dictionary<(int Left, int Right), long>();
        for (int c = 0; c < chunks.Count; c++)
            BytePairs.Count(chunks[c], counts, weights[c]);

        var merges = new List<(int Left, int Right)>();
        for (int newId = 256; newId < vocabSize && counts.Count > 0; newId++)
        {
            var pair = BytePairs.MostFrequent(counts);
            for (int c = 0; c < chunks.Count; c++)
            {
                if (!BytePairs.Contains(chunks[c], pair))
                    continue;
                // Take this chunk's pairs out of the counts, merge, and put its new pairs back in.
                Uncount(chunks[c], counts, weights[c]);
                chunks[c] = BytePairs.Merge(chunks[c], pair, newId);
                BytePairs.Count(chunks[c], counts, weights[c]);
            }
            merges.Add(pair);
            onMerge?.Invoke(merges.Count);
        }
        return merges;
    }

    /// <summary>Each distinct chunk once, as its UTF-8 bytes, with how many times it occurs in the text.</summary>
    private static (List<int[]> Chunks, List<long> Weights) DistinctChunks(string text, string? splitPattern)
    {
        var frequency = new Dictionary<string, long>(StringComparer.Ordinal);
        if (splitPattern is null)
        {
            frequency[text] = 1;
        }
        else
        {
            foreach (Match match in SplitPatterns.Compile(splitPattern).Matches(text))
                frequency[match.Value] = frequency.GetValueOrDefault(match.Value) + 1;
        }

        var chunks = new List<int[]>(frequency.Count);
        var weights = new List<long>(frequency.Count);
        foreach (var (chunk, count) in frequency)
        {
            chunks.Add(Array.ConvertAll(Encoding.UTF8.GetBytes(chunk), b => (int)b));
            weights.Add(count);
        }
        return (chunks, weights);
    }

    /// <summary>Subtracts a chunk's pairs; a pair whose count reaches zero leaves the table, so it can never be chosen.</summary>
    private static void Uncount(int[] ids, Dictionary<(int Left, int Right), long> counts, long weight)
    {
        for (int i = 0; i + 1 < ids.Length; i++)
        {
            var pair = (ids[i], ids[i + 1]);
            long left = counts[pair] - weight;
            if (left == 0)
                counts.Remove(pair);
            else
                counts[pair] = left;
        }
    }
}
