using LlmCourse.Dimensionality;

namespace LlmCourse.Tests.Dimensionality;

public sealed class DistanceRatioTests
{
    [Fact]
    public void Measure_HandExample_MatchesDistances()
    {
        double[][] points = [[0, 0], [3, 4], [1, 0]];
        var result = DistanceRatio.Measure(points, [[0, 0]]);

        Assert.Equal(new NeighbourDistances(0, 5, 0), result);
        var shifted = DistanceRatio.Measure(points, [[0, 1]]);
        Assert.Equal(1.0, shifted.Nearest, 15);
        Assert.Equal(Math.Sqrt(18), shifted.Farthest, 15);
        Assert.Equal(1 / Math.Sqrt(18), shifted.Ratio, 15);
    }

    [Fact]
    public void InUnitCube_Ratio_RisesTowardsOneWithDimension()
    {
        var random = new Random(1999);
        double[] ratios = new[] { 2, 10, 100, 1_000 }
            .Select(d => DistanceRatio.InUnitCube(d, points: 200, queries: 5, random).Ratio)
            .ToArray();

        for (int i = 1; i < ratios.Length; i++)
            Assert.True(ratios[i] > ratios[i - 1], $"ratio at step {i}: {ratios[i]} after {ratios[i - 1]}");
        Assert.True(ratios[0] < 0.1, $"in 2-D the nearest point is much nearer: {ratios[0]}");
        Assert.True(ratios[^1] > 0.8, $"in 1000-D every point is about as far: {ratios[^1]}");
    }

    [Fact]
    public void InUnitCube_SameSeed_SameResult()
    {
        Assert.Equal(DistanceRatio.InUnitCube(7, 50, 3, new Random(3)), DistanceRatio.InUnitCube(7, 50, 3, new Random(3)));
    }

    [Fact]
    public void Distance_DifferentDimensions_Throws()
    {
        Assert.Throws<ArgumentException>(() => DistanceRatio.Distance([1, 2], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => DistanceRatio.Measure([[0.0]], [[0.0]]));
    }
}
