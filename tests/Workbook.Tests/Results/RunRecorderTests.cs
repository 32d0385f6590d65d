using Microsoft.DotNet.Interactive.Documents;
using Workbook.Documents;
using Workbook.Engines;
using Workbook.Results;

namespace Workbook.Tests.Results;

/// <summary>A run that passed replaces the notebook's record; a run that failed leaves the last good one.</summary>
public sealed class RunRecorderTests
{
    private static readonly RunRecorder.RunStartState Start = new("d1b", 1.5, "0123456789abcdef0123456789abcdef01234567", false, 2, "cpu");

    private static NotebookRun Run(bool failLastCell, TimeSpan elapsed)
    {
        var first = new CellResult(1, new NotebookCell(NotebookCell.CSharp, "var x = 1;", 3)) { Started = DateTimeOffset.Now, Ended = DateTimeOffset.Now };
        var last = new CellResult(2, new NotebookCell(NotebookCell.CSharp, "display(Check.That(...));", 9)) { Started = DateTimeOffset.Now, Ended = DateTimeOffset.Now };
        last.Outputs.Add(new DisplayElement(new Dictionary<string, object> { ["text/plain"] = "✓ val loss 1.7990 ≤ 1.88" }));
        if (failLastCell)
            last.Outputs.Add(new ErrorElement(errorName: "Error", errorValue: "Check failed: val loss 1.95 ≤ 1.88.", stackTrace: []));
        return new NotebookRun("/course/notebooks/07-gpt.dib", Engine.Repl, "dotnet-repl (0.3.259)", "cpu",
            new DateTimeOffset(2026, 12, 6, 17, 1, 2, TimeSpan.FromHours(1)), elapsed, [first, last], null);
    }

    [Fact]
    public void ToRecord_APassingRun_HoldsItsChecksTimeAndMachine()
    {
        var record = RunRecorder.ToRecord(Run(failLastCell: false, TimeSpan.FromSeconds(250.46)), Start, loadEnd: 2.345);

        Assert.NotNull(record);
        Assert.Equal(["✓ val loss 1.7990 ≤ 1.88"], record.Checks);
        Assert.Equal(250.5, record.Seconds);
        Assert.Equal("2026-12-06T16:01:02Z", record.StartedUtc);   // UTC
        Assert.Equal("dotnet-repl (0.3.259)", record.Engine);
        Assert.Equal(("d1b", 1.5, 2.35, 2, false), (record.DibSha256, record.LoadStart, record.LoadEnd, record.Cores, record.Dirty));
    }

    [Fact]
    public void Apply_PassUpdates_FailKeepsTheLastGoodRecord()
    {
        var results = new ResultsFile();
        var good = RunRecorder.ToRecord(Run(false, TimeSpan.FromSeconds(250)), Start, 2.0);
        Assert.StartsWith("recorded in results.json (cpu: 250.0 s, 1 check line(s))", RunRecorder.Apply(results, "cpu", "07-gpt", good));

        var failed = RunRecorder.ToRecord(Run(true, TimeSpan.FromSeconds(90)), Start, 2.0);
        string message = RunRecorder.Apply(results, "cpu", "07-gpt", failed);

        Assert.Null(failed);
        Assert.Equal("not recorded in results.json: the run did not pass; the cpu record of 2026-12-06 (250.0 s) stays", message);
        Assert.Same(good, results.Get("cpu", "07-gpt"));
    }

    [Fact]
    public void ToRecord_ARunStoppedByItsTimeout_IsNotRecorded()
    {
        var run = Run(false, TimeSpan.FromSeconds(600)) with { Problem = "stopped after 600 s (--timeout)" };
        Assert.Null(RunRecorder.ToRecord(run, Start, null));
    }

    [Theory]
    [InlineData("notebooks/07-gpt.dib", true)]
    [InlineData("notebooks/zz-learner-test-1234.dib", false)]
    [InlineData("notebooks/setup/course.dib", false)]
    [InlineData("tests/Fixtures/Cli/07-passing.dib", false)]
    public void IsCourseNotebook_OnlyNotebooksNNName(string path, bool expected)
    {
        var repo = new RepoLayout("/course");
        Assert.Equal(expected, RunRecorder.IsCourseNotebook(repo, Path.Combine("/course", path)));
    }
}
