using LlmCourse.Dimensionality;

namespace LlmCourse.Tests.Dimensionality;

public sealed class BallVolumeTests
{
    [Fact]
    public void Of_LowDimensions_MatchClosedForms()
    {
        Assert.Equal(1.0, BallVolume.Of(0), 13);                           // a point
        Assert.Equal(2.0, BallVolume.Of(1), 13);                           // the segment [−1, 1]
        Assert.Equal(Math.PI, BallVolume.Of(2), 13);                       // the disc
        Assert.Equal(4 * Math.PI / 3, BallVolume.Of(3), 13);               // the ball
        Assert.Equal(Math.PI * Math.PI / 2, BallVolume.Of(4), 13);
        Assert.Equal(8 * Math.PI * Math.PI / 15, BallVolume.Of(5), 13);
    }

    [Fact]
    public void Of_Radius_ScalesAsPowerOfDimension()
    {
        Assert.Equal(Math.PI * 9, BallVolume.Of(2, 3.0), 11);
        Assert.Equal(4 * Math.PI / 3 * 8, BallVolume.Of(3, 2.0), 11);
        Assert.Equal(BallVolume.LogOf(40, 1) + 40 * Math.Log(1.7), BallVolume.LogOf(40, 1.7), 10);
    }

    [Fact]
    public void LargestDimension_UnitBall_IsFive()
    {
        Assert.Equal(5, BallVolume.LargestDimension(1.0));
        Assert.True(BallVolume.Of(5) > BallVolume.Of(4) && BallVolume.Of(5) > BallVolume.Of(6));
        Assert.True(BallVolume.LargestDimension(2.0) > 5);                 // the peak moves right as R grows
    }

    [Fact]
    public void Of_HighDimension_TendsToZero()
    {
        Assert.True(BallVolume.Of(100) < 1e-39);
        Assert.True(double.IsFinite(BallVolume.LogOf(10_000, 1)));
    }

    [Fact]
    public void Of_BadRadius_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BallVolume.Of(3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BallVolume.Of(-1, 1));
    }
}
