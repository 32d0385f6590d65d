using Workbook.Results;

namespace Workbook.Tests.Results;

/// <summary>The ETA is the sum of the recorded times of the notebooks left, under the run's profile; unrecorded ones are counted apart.</summary>
public sealed class RunEstimateTests
{
    private static ResultsFile Results()
    {
        var file = new ResultsFile();
        file.Set("cpu", "01-a", ResultsFileTests.Record(35.0));
        file.Set("cpu", "09-b", ResultsFileTests.Record(481.0));
        file.Set("cpu", "10-c", ResultsFileTests.Record(592.0));
        file.Set("smoke", "02-d", ResultsFileTests.Record(60.0));
        return file;
    }

    [Fact]
    public void Remaining_SumsTheRecordedTimesOfTheProfile_AndCountsTheRest()
    {
        var estimate = RunEstimate.Remaining(Results(), "cpu", ["01-a", "02-d", "09-b", "10-c"]);

        Assert.Equal(1108.0, estimate.Seconds);
        Assert.Equal(3, estimate.Measured);
        Assert.Equal(1, estimate.NotMeasured);   // 02-d has a smoke record only
    }

    [Fact]
    public void Describe_GivesTheDurationTheEndTimeAndWhatIsNotCounted()
    {
        var now = new DateTimeOffset(2026, 12, 6, 16, 40, 0, TimeSpan.Zero);

        Assert.Equal("ETA 18 min 28 s for the 4 notebook(s) left (ends about 16:58 UTC; 1 of them has no cpu record, not counted)",
            RunEstimate.Remaining(Results(), "cpu", ["01-a", "02-d", "09-b", "10-c"]).Describe("cpu", now));
        Assert.Equal("ETA 9 min 52 s for the 1 notebook(s) left (ends about 16:49 UTC)",
            RunEstimate.Remaining(Results(), "cpu", ["10-c"]).Describe("cpu", now));
        Assert.Equal("ETA unknown: none of the 1 notebook(s) left has a gpu record",
            RunEstimate.Remaining(Results(), "gpu", ["10-c"]).Describe("gpu", now));
    }

    [Theory]
    [InlineData(44.6, "45 s")]
    [InlineData(481, "8 min 1 s")]
    [InlineData(3720, "1 h 2 min")]
    public void Duration_Formats(double seconds, string expected) => Assert.Equal(expected, RunEstimate.Duration(seconds));
}
