using Microsoft.DotNet.Interactive.Documents;
using Workbook.Documents;
using Workbook.Engines;
using Workbook.Reports;

namespace Workbook.Tests.Reports;

/// <summary>A dry run's peak-memory.md: one row per notebook with its outcome, seconds and peak MiB.</summary>
public sealed class PeakMemoryReportTests
{
    private static NotebookRun Run(string name, double seconds, long? peak, string? problem = null, string? failure = null)
    {
        var cell = new CellResult(2, new NotebookCell(NotebookCell.CSharp, "display(Course.Target(...));", 9)) { Started = DateTimeOffset.Now, Ended = DateTimeOffset.Now };
        if (failure is not null)
            cell.Outputs.Add(new ErrorElement(errorName: "Error", errorValue: failure, stackTrace: []));
        return new NotebookRun($"/course/notebooks/{name}.dib", Engine.Kernel, "VS Code's kernel (dotnet-interactive 1.0.712001)", "gpu dry run (2 steps)",
            DateTimeOffset.Now, TimeSpan.FromSeconds(seconds), [cell], problem) { PeakResidentBytes = peak };
    }

    [Fact]
    public void Markdown_OneRowPerNotebook_WithOutcomeSecondsAndPeakMiB()
    {
        var runs = new[]
        {
            Run("07-gpt", 12.34, 1536L * 1024 * 1024),
            Run("08-kv-cache", 3, 200_000_000, failure: "System.ArgumentException: shape mismatch [2, 3] | [3, 4]\n   at Forward()"),
            Run("10-translate", 25, null, problem: "stopped after 25 s (--timeout) in cell 2 (line 9)\nmore"),
        };

        string markdown = PeakMemoryReport.Markdown(runs, "Dry run: gpu sizes on the cpu, 2 step(s) per loop");

        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("# Dry run: gpu sizes on the cpu, 2 step(s) per loop", lines[0]);
        int header = lines.IndexOf("| notebook | outcome | seconds | peak resident memory (MiB) |");
        Assert.True(header > 0, markdown);
        Assert.Equal("|---|---|---:|---:|", lines[header + 1]);
        Assert.Equal("| 07-gpt | passed | 12.3 | 1536 |", lines[header + 2]);
        Assert.Equal(@"| 08-kv-cache | failed: cell 2 (line 9): System.ArgumentException: shape mismatch [2, 3] \| [3, 4] | 3.0 | 191 |", lines[header + 3]);
        Assert.Equal("| 10-translate | failed: stopped after 25 s (--timeout) in cell 2 (line 9) | 25.0 | not measured |", lines[header + 4]);
    }

    [Fact]
    public void Outcome_CellsThatDidNotRun_AreAFailure()
    {
        var run = new NotebookRun("/course/notebooks/a.dib", Engine.Kernel, "kernel", "gpu", DateTimeOffset.Now, TimeSpan.Zero,
            [new CellResult(1, new NotebookCell(NotebookCell.CSharp, "var x = 1;", 3))], null);

        Assert.Equal("failed: 1 cell(s) did not run", PeakMemoryReport.Outcome(run));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(0L, "0")]
    [InlineData(1_048_576L, "1")]
    [InlineData(1_572_864L, "2")]   // 1.5 MiB rounds
    public void MiB_WholeMebibytes(long? bytes, string? expected) => Assert.Equal(expected, PeakMemoryReport.MiB(bytes));
}
