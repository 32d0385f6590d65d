using System.Diagnostics;
using Workbook.Documents;
using Workbook.Reports;

namespace Workbook.Execution;

/// <summary>The outcome of running one notebook.</summary>
public sealed record NotebookResult(string Path, IReadOnlyList<CellRun> Cells, TimeSpan Elapsed, string? Ipynb, string? Html, string? LoadError)
{
    public int Passed => Cells.Count(c => c.Cell.IsCode && !c.Failed);
    public int Failed => Cells.Count(c => c.Failed) + (LoadError is null ? 0 : 1);
}

/// <summary>Runs every cell of a notebook in order, in the notebook's folder, and writes its .ipynb and .html.</summary>
public static class NotebookRunner
{
    /// <param name="outputDirectory">Where &lt;name&gt;.ipynb and &lt;name&gt;.html go; null to write nothing.</param>
    /// <param name="console">Per-cell progress and live output; null for silence.</param>
    public static async Task<NotebookResult> RunAsync(string notebook, string profile, Func<PackageCatalog> catalog,
        string? outputDirectory, TextWriter? console)
    {
        notebook = Path.GetFullPath(notebook);
        string name = Path.GetFileNameWithoutExtension(notebook);
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.Now;
        console?.WriteLine($"▶ {Path.GetFileName(notebook)} (profile {profile})");

        DibDocument document;
        try
        {
            document = DibParser.ParseFile(notebook);
        }
        catch (Exception e) when (e is DibFormatException or IOException)
        {
            console?.WriteLine($"  cannot open {notebook}: {e.Message}");
            console?.WriteLine("0 passed, 1 failed");
            return new NotebookResult(notebook, [], clock.Elapsed, null, null, e.Message);
        }

        // The notebook's folder is the working directory for the whole run, as in VS Code.
        string previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Path.GetDirectoryName(notebook)!;
        var runs = new List<CellRun>();
        try
        {
            var session = new NotebookSession(Environment.CurrentDirectory, catalog, console) { NotebookName = Path.GetFileName(notebook) };
            int codeCells = document.Cells.Count(c => c.IsCode), index = 0;
            for (int i = 0; i < document.Cells.Count; i++)
            {
                var cell = document.Cells[i];
                if (cell.IsCode)
                    console?.WriteLine($"  [{++index}/{codeCells}] cell {i + 1}, line {cell.FirstLine}");
                var run = await session.RunCellAsync(cell, i + 1);
                runs.Add(run);
                if (!cell.IsCode)
                    continue;
                double seconds = (run.Ended - run.Started).TotalSeconds;
                console?.WriteLine(run.Failed
                    ? $"      ✗ cell {run.Number} FAILED at {run.FailureLocation} ({seconds:F1} s): {run.FailureSummary}"
                    : $"      ✓ {seconds:F1} s");
            }
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
        }

        var result = new NotebookResult(notebook, runs, clock.Elapsed, null, null, null);
        if (outputDirectory is not null)
        {
            Directory.CreateDirectory(outputDirectory);
            string ipynb = Path.Combine(outputDirectory, name + ".ipynb");
            string html = Path.Combine(outputDirectory, name + ".html");
            File.WriteAllText(ipynb, IpynbWriter.Write(runs));
            string? plotly = null;
            try
            {
                plotly = PlotlyJsSource.TryRead(catalog().PlotlyNetAssembly);
            }
            catch (PackageResolutionException)
            {
                // No catalogue: the report says charts cannot be drawn.
            }
            File.WriteAllText(html, HtmlReport.Render(new ReportModel(name, Path.GetRelativePath(previousDirectory, notebook), profile, started, clock.Elapsed, runs, plotly)));
            result = result with { Ipynb = ipynb, Html = html };
            console?.WriteLine($"  wrote {Path.GetRelativePath(previousDirectory, ipynb)} and {Path.GetFileName(html)}");
        }
        console?.WriteLine($"{result.Passed} passed, {result.Failed} failed ({clock.Elapsed.TotalSeconds:F1} s)");
        return result;
    }
}
