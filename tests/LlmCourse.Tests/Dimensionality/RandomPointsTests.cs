using LlmCourse.Dimensionality;

namespace LlmCourse.Tests.Dimensionality;

public sealed class RandomPointsTests
{
    [Fact]
    public void InUnitCube_ShapeAndRange()
    {
        var points = RandomPoints.InUnitCube(50, 7, new Random(1));

        Assert.Equal(50, points.Length);
        Assert.All(points, p => Assert.Equal(7, p.Length));
        Assert.All(points.SelectMany(p => p), x => Assert.InRange(x, 0.0, 1.0));
        Assert.InRange(points.SelectMany(p => p).Average(), 0.45, 0.55);   // mean 1/2 over 350 draws
    }

    [Fact]
    public void StandardNormal_MeanZeroVarianceOne()
    {
        var random = new Random(5);
        var draws = Enumerable.Range(0, 20_000).Select(_ => RandomPoints.StandardNormal(random)).ToArray();
        double mean = draws.Average();

        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(draws.Average(x => (x - mean) * (x - mean)), 0.96, 1.04);
        Assert.InRange(draws.Count(x => Math.Abs(x) < 1) / 20_000.0, 0.67, 0.70);   // 68.3 % within one sd
    }

    [Fact]
    public void Gaussian_BadSizes_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomPoints.Gaussian(0, 3, new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomPoints.InUnitCube(3, 0, new Random(1)));
    }
}
