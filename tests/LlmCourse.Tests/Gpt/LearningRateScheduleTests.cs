using LlmCourse.Gpt;

namespace LlmCourse.Tests.Gpt;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void CosineWithWarmup_RisesPeaksHalvesAndBottomsOut()
    {
        var rate = LearningRateSchedule.CosineWithWarmup(1e-3, 1e-4, warmupSteps: 100, decaySteps: 2100);

        Assert.Equal(1e-3 / 101, rate(0), 12);
        Assert.Equal(1e-3, rate(100), 12);
        Assert.Equal(5.5e-4, rate(1100), 12);          // half way: the mean of max and min
        Assert.Equal(1e-4, rate(2100), 12);
        Assert.Equal(1e-4, rate(5000), 12);
    }

    [Fact]
    public void CosineWithWarmup_DecayEndingBeforeWarmUp_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.CosineWithWarmup(1e-3, 1e-4, 100, 50));
    }

    [Fact]
    public void LinearToZero_FallsByEqualStepsAndStaysAtZero()
    {
        Assert.Equal([1.0, 0.75, 0.5, 0.25, 0.0, 0.0], Enumerable.Range(0, 6).Select(s => LearningRateSchedule.LinearToZero(1.0, s, 4)).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.LinearToZero(1.0, 0, 0));
    }
}
