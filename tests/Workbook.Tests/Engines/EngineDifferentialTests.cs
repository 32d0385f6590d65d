using System.Text.Json;
using Workbook.Engines;
using Workbook.Reports;
using Workbook.Tests.Infrastructure;

namespace Workbook.Tests.Engines;

/// <summary>
/// The same notebooks in both real tools: VS Code's kernel driven cell by cell (what ./workbook run does) and
/// dotnet-repl. Each cell must pass or fail alike in both, and the deliberately bad cells must fail in both.
/// </summary>
[Collection("Engines")]
public sealed class EngineDifferentialTests : IDisposable
{
    private readonly string _output = TestPaths.NewTempDirectory("engines");

    public void Dispose() => TestPaths.DeleteQuietly(_output);

    private async Task<(NotebookRun Kernel, NotebookRun Repl)> RunBothAsync(string fixture)
    {
        var settings = new RunSettings("smoke", "cpu", TimeSpan.FromMinutes(3), Console: null);
        var kernel = await NotebookRunner.RunAsync(TestPaths.Repo, Engine.Kernel, fixture, Path.Combine(_output, "kernel"), settings);
        var repl = await NotebookRunner.RunAsync(TestPaths.Repo, Engine.Repl, fixture, Path.Combine(_output, "repl"), settings);
        return (kernel, repl);
    }

    private static string Describe(NotebookRun run) =>
        $"{run.EngineDescription}: {run.Problem}\n" + string.Join("\n", run.Cells.Where(c => c.Cell.IsCode).Select(c => $"  cell {c.Number}: {(c.Failed ? "failed: " + c.FailureSummary : c.Ran ? "passed" : "not run")}"));

    [Fact]
    public async Task BadCells_FailTheSameCellsInBothEngines()
    {
        var (kernel, repl) = await RunBothAsync(TestPaths.Fixture("Engines", "bad-cells.dib"));

        int[] failing = [3, 5, 7, 9, 11];   // exception, compile error, unknown package, unknown magic command, ErrorProduced
        foreach (var run in new[] { kernel, repl })
        {
            Assert.True(run.Problem is null, Describe(run));
            Assert.Equal(failing, run.Cells.Where(c => c.Failed).Select(c => c.Number));
            Assert.Equal(6, run.Passed);
            Assert.False(run.Succeeded);
        }
        Assert.Empty(EngineComparison.Differences(repl, kernel));

        CellResult Cell(NotebookRun run, int number) => run.Cells.Single(c => c.Number == number);
        foreach (var run in new[] { kernel, repl })
        {
            Assert.Contains("System.InvalidOperationException: deliberate failure in a notebook cell", Cell(run, 3).FailureSummary);
            Assert.Contains("error CS0029", Cell(run, 5).FailureSummary);
            Assert.Contains("NU1101", string.Join("\n", Cell(run, 7).Outputs.OfType<Microsoft.DotNet.Interactive.Documents.ErrorElement>().Select(e => e.ErrorValue)));
            Assert.Contains("DNI101: Unknown magic command '#!no-such-magic-command'", Cell(run, 9).FailureSummary);
            Assert.Contains("deliberate failure reported to the kernel", Cell(run, 11).FailureSummary);
            // What ran before the throw survives, and later cells see it: cell 12 shows "still running after 41 and 43".
            Assert.Contains("still running after 41 and 43", ShownText(Cell(run, 12)));
        }
    }

    [Fact]
    public async Task GoodCells_PassInBothEngines_AndTheKernelReplacesAnUpdatedDisplayInPlace()
    {
        var (kernel, repl) = await RunBothAsync(TestPaths.Fixture("Engines", "good-cells.dib"));

        Assert.True(kernel.Succeeded, Describe(kernel));
        Assert.True(repl.Succeeded, Describe(repl));
        Assert.Empty(EngineComparison.Differences(repl, kernel));
        foreach (var run in new[] { kernel, repl })
        {
            Assert.Contains("printed", ShownText(run.Cells[1]));
            Assert.Contains("6", ShownText(run.Cells[1]));            // values.Sum()
            Assert.Contains("6", ShownText(run.Cells[4]));            // Twice(values.Count) from the imported helper
        }
        // display("step 0") updated three times. VS Code's client replaces an output whose value id it has seen; this
        // engine (1.0.0-beta.26120.1) gives the first display one id and its updates another, so VS Code shows two
        // outputs, "step 0" and the latest, "step 3". dotnet-repl appends every update.
        var kernelDisplays = kernel.Cells[2].Outputs.OfType<Microsoft.DotNet.Interactive.Documents.DisplayElement>().Select(d => d.Data["text/plain"]).ToList();
        Assert.Equal(["step 0", "step 3"], kernelDisplays);
        Assert.Equal(["step 0", "step 1", "step 2", "step 3"], repl.Cells[2].Outputs.OfType<Microsoft.DotNet.Interactive.Documents.DisplayElement>().Select(d => HtmlReport.Text(d.Data["text/plain"])));

        // The kernel run's .ipynb is written by the same Documents library as dotnet-repl's, with the same metadata.
        using var kernelIpynb = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "kernel", "good-cells.ipynb")));
        using var replIpynb = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "repl", "good-cells.ipynb")));
        Assert.Equal(replIpynb.RootElement.GetProperty("metadata").ToString(), kernelIpynb.RootElement.GetProperty("metadata").ToString());
        Assert.Equal(replIpynb.RootElement.GetProperty("cells").GetArrayLength(), kernelIpynb.RootElement.GetProperty("cells").GetArrayLength());
    }

    [Fact]
    public async Task TimeMagic_IsTheKnownDifference_WhichIsWhyLintRefusesIt()
    {
        var (kernel, repl) = await RunBothAsync(TestPaths.Fixture("Engines", "time-magic.dib"));

        Assert.False(kernel.Cells[0].Failed, Describe(kernel));
        Assert.True(repl.Cells[0].Failed, Describe(repl));
        Assert.Contains("Unknown magic command '#!time'", repl.Cells[0].FailureSummary);
        Assert.Equal([$"cell 1 passed in {kernel.EngineDescription} but failed in {repl.EngineDescription}"], EngineComparison.Differences(kernel, repl));
        Assert.False(kernel.Cells[1].Failed || repl.Cells[1].Failed);   // #!about runs in both
    }

    [Fact]
    public async Task UnknownKernelLine_IsAMagicCommandThatFailsItsWholeCell_InBothEngines()
    {
        // "#!python" names no kernel of the notebook, so it does not start a cell: it is an unknown magic command, and
        // the cell fails before any of its code runs, the line above it included.
        var (kernel, repl) = await RunBothAsync(TestPaths.Fixture("Engines", "unknown-kernel.dib"));

        foreach (var run in new[] { kernel, repl })
        {
            Assert.Equal(2, run.Cells.Count);
            Assert.True(run.Cells[0].Failed, Describe(run));
            Assert.Contains("Unknown magic command '#!python'", run.Cells[0].FailureSummary);
            Assert.DoesNotContain("above the unknown kernel line", ShownText(run.Cells[0]));
            Assert.False(run.Cells[1].Failed, Describe(run));
        }
        Assert.Empty(EngineComparison.Differences(repl, kernel));
    }

    /// <summary>Everything a cell showed, as text: stdout, and each display's plain text or HTML.</summary>
    internal static string ShownText(CellResult cell) => string.Join("\n", cell.Outputs.Select(o => o switch
    {
        Microsoft.DotNet.Interactive.Documents.TextElement t => t.Text,
        Microsoft.DotNet.Interactive.Documents.DisplayElement d => string.Join("\n", d.Data.Values.Select(HtmlReport.Text)),
        Microsoft.DotNet.Interactive.Documents.ErrorElement e => e.ErrorValue,
        _ => "",
    }));
}
