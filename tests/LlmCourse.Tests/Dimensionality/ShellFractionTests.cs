using LlmCourse.Dimensionality;

namespace LlmCourse.Tests.Dimensionality;

public sealed class ShellFractionTests
{
    [Fact]
    public void Of_Fifty_Dimensions_Is92Point3Percent()
    {
        double share = ShellFraction.Of(50, 1.0, 0.05);

        Assert.Equal(0.923, share, 3);                                     // 1 − 0.95^50 = 0.92306…
        Assert.Equal(1 - Math.Pow(0.95, 50), share, 15);
    }

    [Fact]
    public void Of_AgreesWithTheBallVolumes()
    {
        foreach (int n in new[] { 1, 2, 3, 10, 50, 300 })
            Assert.Equal(ShellFraction.FromVolumes(n, 2.0, 0.3), ShellFraction.Of(n, 2.0, 0.3), 10);
    }

    [Fact]
    public void Of_GrowsWithDimension_TowardsOne()
    {
        Assert.Equal(0.05, ShellFraction.Of(1, 1, 0.05), 15);
        Assert.True(ShellFraction.Of(10, 1, 0.05) < ShellFraction.Of(50, 1, 0.05));
        Assert.True(ShellFraction.Of(500, 1, 0.05) > 0.9999);
    }

    [Fact]
    public void Of_ThicknessOutsideRadius_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ShellFraction.Of(3, 1, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShellFraction.Of(3, 1, -0.1));
    }
}
