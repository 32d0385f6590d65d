using LlmCourse.Tokenization;

namespace LlmCourse.Tests.Tokenization;

public class BytePairsTests
{
    [Fact]
    public void Count_OverlappingPairs_CountSeparately()
    {
        var counts = new Dictionary<(int Left, int Right), long>();
        BytePairs.Count([1, 1, 1, 2], counts);
        BytePairs.Count([1, 1], counts, weight: 10);

        Assert.Equal(12, counts[(1, 1)]);
        Assert.Equal(1, counts[(1, 2)]);
        Assert.Equal(2, counts.Count);
    }

    [Fact]
    public void Merge_RunOfThree_MergesLeftToRightWithoutOverlap()
    {
        Assert.Equal([9, 1, 2], BytePairs.Merge([1, 1, 1, 2], (1, 1), 9));
        Assert.Equal([9, 9], BytePairs.Merge([1, 1, 1, 1], (1, 1), 9));
        Assert.Equal([3, 9, 9], BytePairs.Merge([3, 1, 2, 1, 2], (1, 2), 9));
    }

    [Fact]
    public void Merge_PairAbsent_ReturnsTheSameIds()
    {
        Assert.Equal([1, 2, 3], BytePairs.Merge([1, 2, 3], (3, 1), 9));
        Assert.Empty(BytePairs.Merge([], (1, 2), 9));
    }

    [Fact]
    public void MostFrequent_Tie_GoesToTheSmallerPair()
    {
        var counts = new Dictionary<(int Left, int Right), long> { [(256, 97)] = 2, [(97, 98)] = 2, [(98, 100)] = 1 };
        Assert.Equal((97, 98), BytePairs.MostFrequent(counts));

        counts[(256, 97)] = 3;
        Assert.Equal((256, 97), BytePairs.MostFrequent(counts));
    }

    [Fact]
    public void MostFrequent_NoPairs_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => BytePairs.MostFrequent(new Dictionary<(int Left, int Right), long>()));
        Assert.Contains("no pairs", e.Message);
    }

    [Fact]
    public void Contains_FindsOnlyAdjacentPairs()
    {
        Assert.True(BytePairs.Contains([5, 1, 2], (1, 2)));
        Assert.False(BytePairs.Contains([1, 5, 2], (1, 2)));
        Assert.False(BytePairs.Contains([2, 1], (1, 2)));
    }
}
