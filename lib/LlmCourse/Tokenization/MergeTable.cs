namespace LlmCourse.Tokenization;

/// <summary>The merges as a lookup from a pair of token ids to the token they make, and BPE on one chunk's bytes with it.</summary>
/// <remarks>The id a merge makes is also its rank: among the pairs present, the one with the smallest id merges first.
/// One merge at a time, leftmost first, gives what minbpe's "merge this pair everywhere" gives, because a merge only
/// creates pairs whose own merges (if any) come later.</remarks>
internal sealed class MergeTable
{
    private readonly Dictionary<long, int> _mergedId = new(PairKeys.Instance);
    private readonly int[] _byteIds;

    /// <param name="byteIds">The id of each byte value; merge k of <paramref name="merges"/> makes token 256 + k.</param>
    public MergeTable(IReadOnlyList<(int Left, int Right)> merges, int[] byteIds)
    {
        _byteIds = byteIds;
        for (int k = 0; k < merges.Count; k++)
        {
            var (left, right) = merges[k];
            int id = 256 + k;
            if ((uint)left >= id || (uint)right >= id)
                throw new ArgumentException($"Merge {k} ({left}, {right}) uses a token that does not exist yet: merge {k} may only join tokens 0-{id - 1}.", nameof(merges));
            if (!_mergedId.TryAdd(Pack(left, right), id))
                throw new ArgumentException($"Merge {k} ({left}, {right}) repeats merge {_mergedId[Pack(left, right)] - 256}.", nameof(merges));
        }
    }

    /// <summary>Starts from one token per byte and merges the neighbours whose merge has the lowest rank, until none has one.</summary>
    public int[] Apply(ReadOnlySpan<byte> bytes)
    {
        int n = bytes.Length;
        var parts = new int[n];
        for (int i = 0; i < n; i++)
            parts[i] = _byteIds[bytes[i]];
        // ranks[i]: the id the pair (parts[i], parts[i + 1]) merges into, int.MaxValue when it has no merge.
        var ranks = new int[Math.Max(n - 1, 0)];
        for (int i = 0; i + 1 < n; i++)
            ranks[i] = RankOf(parts[i], parts[i + 1]);
        while (n > 1)
        {
            int best = -1, bestRank = int.MaxValue;
            for (int i = 0; i + 1 < n; i++)
            {
                if (ranks[i] < bestRank)
                    (best, bestRank) = (i, ranks[i]);
            }
            if (best < 0)
                break;
            parts[best] = bestRank;
            Array.Copy(parts, best + 2, parts, best + 1, n - best - 2);     // drop parts[best + 1]
            if (n - best - 3 > 0)
                Array.Copy(ranks, best + 2, ranks, best + 1, n - best - 3); // drop ranks[best + 1]
            n--;
            if (best > 0)
                ranks[best - 1] = RankOf(parts[best - 1], parts[best]);
            if (best + 1 < n)
                ranks[best] = RankOf(parts[best], parts[best + 1]);
        }
        return parts[..n];
    }

    private int RankOf(int left, int right) => _mergedId.GetValueOrDefault(Pack(left, right), int.MaxValue);

    private static long Pack(int left, int right) => ((long)left << 32) | (uint)right;

    /// <summary>long's own hash is left XOR right, which collides for most pairs of a 100k vocabulary; this one mixes the bits.</summary>
    private sealed class PairKeys : IEqualityComparer<long>
    {
        public static readonly PairKeys Instance = new();
        public bool Equals(long x, long y) => x == y;
        public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
    }
}
