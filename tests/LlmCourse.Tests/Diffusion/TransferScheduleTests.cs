using LlmCourse.Diffusion;

namespace LlmCourse.Tests.Diffusion;

public sealed class TransferScheduleTests
{
    [Fact]
    public void Counts_UnevenSplit_RemainderOnTheFirstSteps()
    {
        Assert.Equal(new[] { 3, 3, 2, 2, 2 }, TransferSchedule.Counts(12, 5));
        Assert.Equal(new[] { 1, 1, 1, 0 }, TransferSchedule.Counts(3, 4));
    }

    [Fact]
    public void Counts_AnySplit_SumsToMaskCountAndDiffersByAtMostOne()
    {
        for (int n = 0; n <= 40; n++)
            for (int s = 1; s <= 12; s++)
            {
                var c = TransferSchedule.Counts(n, s);
                Assert.Equal(n, c.Sum());
                Assert.True(c.Max() - c.Min() <= 1);
                Assert.True(c.Zip(c.Skip(1), (a, b) => a >= b).All(x => x));   // non-increasing
            }
    }

    [Fact]
    public void Counts_BadSteps_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TransferSchedule.Counts(8, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TransferSchedule.Counts(-1, 2));
    }
}
