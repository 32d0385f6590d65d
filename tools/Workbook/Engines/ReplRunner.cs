using System.Diagnostics;
using System.Globalization;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Workbook.Documents;

namespace Workbook.Engines;

/// <summary>
/// Runs a notebook in dotnet-repl as a learner or CI would: from the notebook's folder (dotnet-repl resolves
/// relative paths against its own working directory), `dotnet-repl --run NB --exit-after-run --output-format ipynb
/// --output-path OUT`. dotnet-repl prints nothing while it runs; the executed .ipynb it writes is read back with
/// the same Documents library, and its exit code (0, or 2 when any cell failed) is checked against it.
/// </summary>
public static class ReplRunner
{
    public static async Task<NotebookRun> RunAsync(DotnetTool tool, string notebook, string ipynb, RunSettings settings)
    {
        var run = RunStart.Begin(notebook, Engine.Repl, $"dotnet-repl ({tool.Version})", settings, ": it prints nothing until the notebook ends");
        if (run.Document is null)
            return run.Finish([], run.OpenProblem);
        notebook = run.Notebook;
        var console = settings.Console;

        File.Delete(ipynb);
        var start = tool.StartInfo(Path.GetDirectoryName(notebook)!,
            ["--run", Path.GetFileName(notebook), "--exit-after-run", "--output-format", "ipynb", "--output-path", Path.GetFullPath(ipynb)],
            settings.Environment);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        await using var memory = ProcessTreeMemory.Watch(process.Id);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(settings.Timeout ?? Timeout.InfiniteTimeSpan);
        string? problem = null;
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            problem = $"stopped after {settings.Timeout!.Value.TotalSeconds:F0} s (--timeout); dotnet-repl writes its notebook only at the end, so which cell was running is unknown";
        }
        string errors = await stderr + await stdout;
        long? peak = await memory.StopAsync();

        var cells = run.NewCells();
        if (problem is null && !File.Exists(ipynb))
            problem = $"dotnet-repl exited with code {process.ExitCode} without writing {ipynb}.\n{Tail(errors)}";
        if (problem is null)
        {
            var executed = Notebook.Parse(await File.ReadAllTextAsync(ipynb), NotebookDocument.KnownKernels());
            var elements = executed.Elements;
            if (elements.Count != cells.Count)
            {
                problem = $"dotnet-repl split the notebook into {elements.Count} cells where .NET Interactive's parser finds {cells.Count}; cells are numbered as dotnet-repl ran them";
                cells = elements.Select((e, i) => new CellResult(i + 1, new NotebookCell(e.KernelName ?? NotebookCell.CSharp, e.Contents, 0))).ToList();
            }
            for (int i = 0; i < cells.Count; i++)
            {
                var element = elements[i];
                cells[i].Outputs.AddRange(element.Outputs);
                if (cells[i].Cell.IsCode)
                {
                    cells[i].Started = Time(element, "dotnet_repl_cellExecutionStartTime") ?? run.Started;
                    cells[i].Ended = Time(element, "dotnet_repl_cellExecutionEndTime") ?? cells[i].Started;
                }
            }
            bool anyFailed = cells.Any(c => c.Failed);
            if (process.ExitCode is not (0 or 2))
                problem = $"dotnet-repl exited with code {process.ExitCode}.\n{Tail(errors)}";
            else if (process.ExitCode == 2 && !anyFailed)
                problem = "dotnet-repl exited with code 2 (a cell failed), but its notebook shows no error";
        }
        else
        {
            foreach (var cell in cells.Where(c => c.Cell.IsCode))
                cell.Note = "no result: dotnet-repl wrote no notebook";
        }

        if (console is not null)
        {
            int codeCells = cells.Count(c => c.Cell.IsCode), index = 0;
            foreach (var cell in cells.Where(c => c.Cell.IsCode && c.Ran))
            {
                string head = $"  [{++index}/{codeCells}] cell {cell.Number}, line {cell.Cell.FirstLine}";
                console.WriteLine(cell.Failed
                    ? $"{head}: ✗ FAILED after {cell.Elapsed.TotalSeconds:F1} s: {cell.FailureSummary}"
                    : $"{head}: ✓ {cell.Elapsed.TotalSeconds:F1} s");
            }
            if (problem is not null)
                console.WriteLine($"  ✗ {problem}");
        }
        return run.Finish(cells, problem, peak);
    }

    /// <summary>A cell's start or end time from the metadata dotnet-repl writes.</summary>
    private static DateTimeOffset? Time(InteractiveDocumentElement element, string key) =>
        element.Metadata is { } metadata && metadata.TryGetValue(key, out var value)
        && DateTimeOffset.TryParse(value?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : null;

    private static string Tail(string text) => text.Length > 3000 ? "…" + text[^3000..] : text;
}
