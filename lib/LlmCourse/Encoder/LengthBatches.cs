namespace LlmCourse.Encoder;

/// <summary>Which examples go into which mini-batch: random but of similar lengths, so little of each batch is padding.</summary>
public static class LengthBatches
{
    /// <summary>
    /// Shuffles the indices, cuts them into pools of <paramref name="poolBatches"/> batches, sorts each pool by length and
    /// slices it into batches, then shuffles the batches: every epoch differs, yet each batch holds texts of similar
    /// length. (The bucketing of fairseq and of Hugging Face's group_by_length.)
    /// </summary>
    public static List<int[]> Shuffled(IReadOnlyList<int> lengths, int batchSize, Random random, int poolBatches = 50)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(poolBatches, 1);
        var order = Enumerable.Range(0, lengths.Count).ToArray();
        random.Shuffle(order);
        var batches = new List<int[]>();
        int pool = batchSize * poolBatches;
        for (int start = 0; start < order.Length; start += pool)
        {
            var sorted = order.Skip(start).Take(pool).OrderBy(i => lengths[i]).ToArray();
            for (int b = 0; b < sorted.Length; b += batchSize)
                batches.Add(sorted[b..Math.Min(b + batchSize, sorted.Length)]);
        }
        var shuffled = batches.ToArray();
        random.Shuffle(shuffled);
        return [.. shuffled];
    }

    /// <summary>Every index once, sorted by length, in batches: for evaluation, where order does not matter but speed does.</summary>
    public static List<int[]> ByLength(IReadOnlyList<int> lengths, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return Enumerable.Range(0, lengths.Count).OrderBy(i => lengths[i]).Chunk(batchSize).ToList();
    }
}
