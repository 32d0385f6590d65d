using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Workbook.Reports;

namespace Workbook.Engines;

/// <summary>
/// Runs one notebook with an engine and leaves its results in an output folder: &lt;name&gt;.ipynb (the executed
/// notebook; for dotnet-repl the file it wrote itself) and &lt;name&gt;.html (the offline report). Results of an
/// earlier run are deleted first, so a report on disk is always from the last run, whatever became of it.
/// </summary>
public static class NotebookRunner
{
    public static async Task<NotebookRun> RunAsync(RepoLayout repo, Engine engine, string notebook, string outputDirectory, RunSettings settings)
    {
        Directory.CreateDirectory(outputDirectory);
        string name = Path.GetFileNameWithoutExtension(notebook);
        string ipynb = Path.Combine(outputDirectory, name + ".ipynb");
        string html = Path.Combine(outputDirectory, name + ".html");
        File.Delete(ipynb);
        File.Delete(html);

        var run = engine == Engine.Kernel
            ? await KernelRunner.RunAsync(DotnetTool.Kernel(repo), notebook, settings)
            : await ReplRunner.RunAsync(DotnetTool.Repl(repo), notebook, ipynb, settings);

        if (engine == Engine.Kernel && run.Cells.Count > 0)
            LlmCourse.Files.AtomicFile.WriteAllText(ipynb, ToJupyter(run));
        LlmCourse.Files.AtomicFile.WriteAllText(html, HtmlReport.Render(run, Path.GetRelativePath(repo.Root, run.Path), PlotlyJsSource.TryRead(repo)));
        var console = settings.Console;
        if (console is not null)
        {
            string written = File.Exists(ipynb) ? $"{Path.GetRelativePath(Environment.CurrentDirectory, ipynb)} and {Path.GetFileName(html)}" : Path.GetRelativePath(Environment.CurrentDirectory, html);
            console.WriteLine($"  wrote {written}");
            console.WriteLine($"{run.Passed} passed, {run.Failed} failed{(run.NotRun > 0 ? $", {run.NotRun} skipped" : "")} ({run.Elapsed.TotalSeconds:F1} s{(PeakMemoryReport.MiB(run.PeakResidentBytes) is { } peak ? $", peak {peak} MiB resident" : "")})");
        }
        return run;
    }

    /// <summary>The executed notebook in the shape dotnet-repl writes: the same Documents library adds the same Jupyter metadata.</summary>
    public static string ToJupyter(NotebookRun run)
    {
        var document = new InteractiveDocument();
        foreach (var cell in run.Cells)
        {
            var element = new InteractiveDocumentElement(cell.Cell.Source, cell.Cell.KernelName, cell.Outputs);
            if (cell.Cell.IsCode)
            {
                element.Metadata ??= new Dictionary<string, object>();
                if (cell.Started is { } s)
                    element.Metadata["dotnet_repl_cellExecutionStartTime"] = s;
                if (cell.Ended is { } e)
                    element.Metadata["dotnet_repl_cellExecutionEndTime"] = e;
                if (cell.Note is { } note)
                    element.Metadata["workbook_note"] = note;
            }
            document.Add(element);
        }
        return Notebook.ToJupyterJson(document, "C#");
    }
}
