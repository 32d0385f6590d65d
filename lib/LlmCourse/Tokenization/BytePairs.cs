namespace LlmCourse.Tokenization;

/// <summary>The two steps of byte-pair encoding: count adjacent pairs of tokens, and merge one pair into a new token.</summary>
/// <remarks>Sennrich, Haddow and Birch 2016, "Neural Machine Translation of Rare Words with Subword Units" (ACL),
/// after Gage 1994; karpathy/minbpe @ 1acefe8 (minbpe/base.py, get_stats and merge).</remarks>
public static class BytePairs
{
    /// <summary>Adds, for each adjacent pair in <paramref name="ids"/>, <paramref name="weight"/> to its count.
    /// Overlapping pairs count separately: "aaa" holds the pair (a, a) twice.</summary>
    public static void Count(ReadOnlySpan<int> ids, Dictionary<(int Left, int Right), long> counts, long weight = 1)
    {
        ArgumentNullException.ThrowIfNull(counts);
        for (int i = 0; i + 1 < ids.Length; i++)
        {
            var pair = (ids[i], ids[i + 1]);
            counts[pair] = counts.GetValueOrDefault(pair) + weight;
        }
    }

    /// <summary>The ids with every occurrence of <paramref name="pair"/>, scanned left to right without overlap,
    /// replaced by <paramref name="newId"/>: "aaa" with (a, a) becomes [aa, a].</summary>
    public static int[] Merge(ReadOnlySpan<int> ids, (int Left, int Right) pair, int newId)
    {
        var merged = new List<int>(ids.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            if (i + 1 < ids.Length && ids[i] == pair.Left && ids[i + 1] == pair.Right)
            {
                merged.Add(newId);
                i++;
            }
            else
            {
                merged.Add(ids[i]);
            }
        }
        return merged.ToArray();
    }

    /// <summary>True when <paramref name="pair"/> occurs somewhere in <paramref name="ids"/>.</summary>
    public static bool Contains(ReadOnlySpan<int> ids, (int Left, int Right) pair)
    {
        for (int i = 0; i + 1 < ids.Length; i++)
        {
            if (ids[i] == pair.Left && ids[i + 1] == pair.Right)
                return true;
        }
        return false;
    }

    /// <summary>The pair with the highest count. Ties go to the smaller pair (smaller left id, then smaller right
    /// id), so the choice never depends on the order a dictionary happens to keep.</summary>
    public static (int Left, int Right) MostFrequent(IReadOnlyDictionary<(int Left, int Right), long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count == 0)
            throw new ArgumentException("There are no pairs to choose from: every chunk is a single token.", nameof(counts));
        var best = (Left: int.MaxValue, Right: int.MaxValue);
        long bestCount = long.MinValue;
        foreach (var (pair, count) in counts)
        {
            if (count > bestCount || (count == bestCount && pair.CompareTo(best) < 0))
            {
                best = pair;
                bestCount = count;
            }
        }
        return best;
    }
}
