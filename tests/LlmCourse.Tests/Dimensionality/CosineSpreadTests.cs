using LlmCourse.Dimensionality;

namespace LlmCourse.Tests.Dimensionality;

public sealed class CosineSpreadTests
{
    [Fact]
    public void Cosine_HandExamples()
    {
        Assert.Equal(1.0, CosineSpread.Cosine([1, 2, 3], [2, 4, 6]), 15);
        Assert.Equal(0.0, CosineSpread.Cosine([1, 0], [0, 5]), 15);
        Assert.Equal(-1.0, CosineSpread.Cosine([1, 1], [-3, -3]), 15);
        Assert.Equal(Math.Sqrt(0.5), CosineSpread.Cosine([1, 0], [1, 1]), 15);
    }

    [Fact]
    public void OfRandomVectors_StandardDeviation_IsAboutOneOverRootD()
    {
        foreach (int d in new[] { 4, 64, 1_024 })
        {
            var (mean, sd) = CosineSpread.Summary(CosineSpread.OfRandomVectors(60, d, new Random(d)));   // 1,770 pairs

            Assert.True(Math.Abs(mean) < 3 / Math.Sqrt(d) / 10, $"d = {d}: mean {mean}");
            Assert.InRange(sd * Math.Sqrt(d), 0.9, 1.1);                  // sd ≈ 1/√d
        }
    }

    [Fact]
    public void Pairwise_CountsEveryPairOnce()
    {
        double[][] vectors = [[1, 0], [0, 1], [1, 1], [-1, 0]];
        var cosines = CosineSpread.Pairwise(vectors);

        Assert.Equal(6, cosines.Length);
        Assert.Equal(0.0, cosines[0], 15);                                  // (0, 1)
        Assert.Equal(-1.0, cosines[2], 15);                                 // (0, 3)
    }

    [Fact]
    public void Summary_KnownSample()
    {
        var (mean, sd) = CosineSpread.Summary([1.0, 3.0]);

        Assert.Equal(2.0, mean);
        Assert.Equal(1.0, sd);
    }

    [Fact]
    public void Cosine_ZeroVector_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => CosineSpread.Cosine([0, 0], [1, 0]));
        Assert.Contains("zero vector", error.Message);
    }
}
