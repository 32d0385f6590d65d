namespace LlmCourse.Tokenization;

/// <summary>Turns tiktoken's ranks (token bytes in rank order) back into merges: which two tokens each token joins.</summary>
/// <remarks>
/// A rank file lists each token's bytes, not the pair it was made from. Running BPE on a token's own bytes with the
/// merges of lower rank only must end in exactly two pieces; those are its pair. This is minbpe's recover_merges
/// (karpathy/minbpe @ 1acefe8, minbpe/gpt4.py); see also openai/tiktoken issue #60.
/// </remarks>
public static class RankMerges
{
    /// <summary>The id of each byte value, and the merges in rank order (merge k makes the token of rank 256 + k).</summary>
    public static (int[] ByteIds, List<(int Left, int Right)> Merges) Recover(RankFile.Table table, string fileName)
    {
        ArgumentNullException.ThrowIfNull(table);
        var tokens = table.Tokens;
        if (tokens.Length < 256)
            throw RankFile.Error(fileName, table.Lines[^1] + 1,
                $"only {tokens.Length} tokens: a byte-level BPE vocabulary starts with the 256 single bytes");

        var byteIds = new int[256];
        for (int rank = 0; rank < 256; rank++)
        {
            if (tokens[rank].Length != 1)
                throw RankFile.Error(fileName, table.Lines[rank],
                    $"rank {rank} holds {tokens[rank].Length} bytes, but ranks 0-255 must be the 256 single bytes");
            byteIds[tokens[rank][0]] = rank;   // the reader already refused repeated bytes, so this is a permutation
        }

        var mergedId = new Dictionary<(int Left, int Right), int>();
        var merges = new List<(int Left, int Right)>(tokens.Length - 256);
        for (int rank = 256; rank < tokens.Length; rank++)
        {
            int[] parts = Array.ConvertAll(tokens[rank], b => byteIds[b]);
            parts = MergeWithLowerRanks(parts, mergedId);
            if (parts.Length != 2)
                throw RankFile.Error(fileName, table.Lines[rank],
                    $"the token of rank {rank} cannot be made by joining two lower-ranked tokens "
                    + $"(BPE with the lower ranks leaves its {tokens[rank].Length} bytes in {parts.Length} pieces)");
            mergedId[(parts[0], parts[1])] = rank;
            merges.Add((parts[0], parts[1]));
        }
        return (byteIds, merges);
    }

    /// <summary>minbpe's encode loop: merge the present pair of lowest rank, everywhere it occurs, until none is left.</summary>
    private static int[] MergeWithLowerRanks(int[] parts, Dictionary<(int Left, int Right), int> mergedId)
    {
        while (parts.Length > 1)
        {
            var best = (Left: -1, Right: -1);
            int bestRank = int.MaxValue;
            for (int i = 0; i + 1 < parts.Length; i++)
            {
                if (mergedId.TryGetValue((parts[i], parts[i + 1]), out int rank) && rank < bestRank)
                    (best, bestRank) = ((parts[i], parts[i + 1]), rank);
            }
            if (bestRank == int.MaxValue)
                break;
            parts = BytePairs.Merge(parts, best, bestRank);
        }
        return parts;
    }
}
