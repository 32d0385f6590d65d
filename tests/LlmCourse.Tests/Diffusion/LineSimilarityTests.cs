using LlmCourse.Diffusion;

namespace LlmCourse.Tests.Diffusion;

public sealed class LineSimilarityTests
{
    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("flaw", "lawn", 2)]
    [InlineData("same", "same", 0)]
    public void Levenshtein_KnownPairs(string a, string b, int distance)
    {
        Assert.Equal(distance, LineSimilarity.Levenshtein(a, b));
        Assert.Equal(distance, LineSimilarity.Levenshtein(b, a));
    }

    [Fact]
    public void Similarity_IdenticalDisjointAndPartial()
    {
        Assert.Equal(1.0, LineSimilarity.Similarity("a rose", "a rose"));
        Assert.Equal(0.0, LineSimilarity.Similarity("abc", "xyz"));
        Assert.Equal(1.0 - 3.0 / 7, LineSimilarity.Similarity("kitten", "sitting"), 12);
        Assert.Equal(1.0, LineSimilarity.Similarity("", ""));
    }
}
