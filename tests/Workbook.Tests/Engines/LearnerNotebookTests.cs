using Microsoft.DotNet.Interactive.Documents;
using Workbook.Engines;
using Workbook.Reports;
using Workbook.Tests.Infrastructure;

namespace Workbook.Tests.Engines;

/// <summary>
/// A learner's own notebook, saved next to the course's in notebooks/ (the course header, a DataFrame, a Plotly
/// chart, display(...).Update(...)), run in the kernel VS Code starts, in dotnet-repl, and through ./workbook run.
/// </summary>
[Collection("Engines")]
public sealed class LearnerNotebookTests : IDisposable
{
    private readonly string _notebook;
    private readonly string _output = TestPaths.NewTempDirectory("learner");

    public LearnerNotebookTests()
    {
        // A unique name in notebooks/, so that #!import setup/course.dib finds the header as it would for the learner.
        _notebook = Path.Combine(TestPaths.Repo.Notebooks, $"zz-learner-test-{Guid.NewGuid():N}.dib");
        File.Copy(TestPaths.Fixture("Learner", "my-experiment.dib"), _notebook);
    }

    public void Dispose()
    {
        File.Delete(_notebook);
        TestPaths.DeleteQuietly(_output);
    }

    [Fact]
    public async Task LearnerNotebook_PassesInVsCodesKernelAndInDotnetRepl_WithAChartAndATable()
    {
        var settings = new RunSettings("smoke", "cpu", TimeSpan.FromMinutes(4), Console: null);
        foreach (var engine in new[] { Engine.Kernel, Engine.Repl })
        {
            var run = await NotebookRunner.RunAsync(TestPaths.Repo, engine, _notebook, Path.Combine(_output, engine.ToString()), settings);
            string cells = string.Join("\n", run.Cells.Select(c => $"cell {c.Number}: {(c.Failed ? c.FailureSummary : "ok")}"));
            Assert.True(run.Succeeded, $"{run.EngineDescription}: {run.Problem}\n{cells}");
            Assert.Equal(4, run.Passed);

            string Html(int cell) => string.Join("\n", run.Cells[cell].Outputs.OfType<DisplayElement>()
                .Where(d => d.Data.ContainsKey("text/html")).Select(d => HtmlReport.Text(d.Data["text/html"])));
            Assert.Contains("<table", Html(2));                         // the DataFrame, by Microsoft.Data.Analysis's formatter
            Assert.True(HtmlReport.IsChart(Html(3)), $"{run.EngineDescription}: no Plotly chart in\n{Html(3)}");   // by Plotly.NET.Interactive
            Assert.Contains("step 3: sum = 9", EngineDifferentialTests.ShownText(run.Cells[4]));
        }
    }

    [Fact]
    public async Task TaskThatNobodyAwaited_FailsItsCell_InBothEngines()
    {
        string notebook = Path.Combine(TestPaths.Repo.Notebooks, $"zz-lost-task-test-{Guid.NewGuid():N}.dib");
        File.Copy(TestPaths.Fixture("Learner", "lost-task.dib"), notebook);
        try
        {
            var settings = new RunSettings("smoke", "cpu", TimeSpan.FromMinutes(4), Console: null);
            foreach (var engine in new[] { Engine.Kernel, Engine.Repl })
            {
                var run = await NotebookRunner.RunAsync(TestPaths.Repo, engine, notebook, Path.Combine(_output, "lost-" + engine), settings);
                string cells = string.Join("\n", run.Cells.Select(c => $"cell {c.Number}: {(c.Failed ? c.FailureSummary : "ok")}"));
                Assert.False(run.Cells[0].Failed, $"{run.EngineDescription}:\n{cells}");
                Assert.True(run.Cells[1].Failed, $"{run.EngineDescription}: the lost task's failure must fail its cell\n{cells}");
                Assert.Contains("A task that nobody awaited failed: lost in the background", run.Cells[1].FailureSummary);
                Assert.False(run.Cells[2].Failed, $"{run.EngineDescription}:\n{cells}");
            }
        }
        finally
        {
            File.Delete(notebook);
        }
    }

    [Fact]
    public void LearnerNotebook_PassesThroughWorkbookRun()
    {
        var result = WorkbookCli.Run(TestPaths.Repo.Root, "run", _notebook, "--profile", "smoke", "--out", _output);

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        Assert.EndsWith("4 passed, 0 failed", result.StandardOutput.TrimEnd());
        Assert.Contains("VS Code's kernel (dotnet-interactive", result.StandardOutput);
        Assert.Contains("| step 3: sum = 9", result.StandardOutput);     // the live progress line, echoed as it changed
    }
}
