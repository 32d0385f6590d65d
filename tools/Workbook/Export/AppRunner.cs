using System.Diagnostics;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Workbook.Engines;

namespace Workbook.Export;

/// <summary>The result of one exported app run with `dotnet run`.</summary>
/// <param name="Problem">Why it failed (exit code, time-out, a check of the notebook missing from its output); null when it passed.</param>
public sealed record AppRun(string Name, TimeSpan Elapsed, string Log, string? Problem)
{
    public bool Succeeded => Problem is null;
}

/// <summary>
/// Runs the exported apps (notebooks/apps/*.cs) as a learner does, `dotnet run notebooks/apps/NN-name.cs` from the
/// repository's root, one after another, each with the profile and device of the notebook runs. An app runs every cell
/// of its notebook, the final check cell included, and a failed check throws: a non-zero exit code. When the notebook
/// ran too, every "✓ …" line its last code cell displayed must appear, the same text, in the app's output: a check
/// that prints a measured number then holds the app to the notebook's number.
/// </summary>
public static class AppRunner
{
    public static async Task<List<AppRun>> RunAllAsync(RepoLayout repo, IEnumerable<string> notebooks, RunSettings settings,
        IReadOnlyList<NotebookRun> notebookRuns, string logFolder)
    {
        var runs = new List<AppRun>();
        Directory.CreateDirectory(logFolder);
        foreach (var notebook in notebooks)
        {
            var run = await RunAsync(repo, notebook, settings, Path.Combine(logFolder, Path.GetFileNameWithoutExtension(notebook) + ".log"));
            var notebookRun = notebookRuns.FirstOrDefault(r => r.Path == notebook);
            if (run.Succeeded && notebookRun is { Succeeded: true })
            {
                var missing = MissingChecks(LastCodeCellChecks(notebookRun.Cells), File.ReadAllText(run.Log));
                if (missing.Count > 0)
                    run = run with { Problem = $"the notebook's last cell showed \"{missing[0]}\" and the app did not{(missing.Count > 1 ? $" ({missing.Count - 1} more)" : "")}" };
            }
            settings.Console?.WriteLine(run.Succeeded
                ? $"passed {run.Name} ({run.Elapsed.TotalSeconds:F1} s)"
                : $"FAILED {run.Name} ({run.Elapsed.TotalSeconds:F1} s): {run.Problem}; log: {Path.GetRelativePath(repo.Root, run.Log)}");
            if (!run.Succeeded && settings.Console is { } console)
                foreach (var line in LogTail(run.Log, FailureTailLines))
                    console.WriteLine("    | " + line);   // CI keeps the console, not artifacts/: the cause must be readable here
            runs.Add(run);
        }
        return runs;
    }

    public static async Task<AppRun> RunAsync(RepoLayout repo, string notebook, RunSettings settings, string log)
    {
        string name = Path.GetFileNameWithoutExtension(notebook);
        string app = Path.GetRelativePath(repo.Root, AppExporter.AppPath(notebook));
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            WorkingDirectory = repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add(app);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (variable, value) in settings.Environment)
        {
            // A null value removes the variable (a real run must not inherit COURSE_DRY_RUN), as DotnetTool.StartInfo does.
            if (value is null)
                start.Environment.Remove(variable);
            else
                start.Environment[variable] = value;
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        await using var writer = new StreamWriter(log);
        var gate = new object();
        void Copy(string? line)
        {
            if (line is null)
                return;
            lock (gate)
                writer.WriteLine(line);
        }
        process.OutputDataReceived += (_, e) => Copy(e.Data);
        process.ErrorDataReceived += (_, e) => Copy(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(settings.Timeout ?? Timeout.InfiniteTimeSpan);
        string? problem = null;
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            process.WaitForExit();   // drains the redirected output
            if (process.ExitCode != 0)
                problem = $"dotnet run {app} exited with {process.ExitCode}";
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            problem = $"still running after {settings.Timeout!.Value.TotalSeconds:F0} s, stopped";
        }
        return new AppRun(name, clock.Elapsed, log, problem);
    }

    /// <summary>How many of a failed app's last log lines the console shows: enough for an exception and its top frames.</summary>
    public const int FailureTailLines = 25;

    /// <summary>The last <paramref name="count"/> lines of a log; none when it is missing.</summary>
    public static IReadOnlyList<string> LogTail(string log, int count)
    {
        if (!File.Exists(log))
            return [];
        var lines = File.ReadAllLines(log);
        return lines[Math.Max(0, lines.Length - count)..];
    }

    /// <summary>The text of every "✓ …" value the notebook's last code cell displayed.</summary>
    public static List<string> LastCodeCellChecks(IEnumerable<CellResult> cells) =>
        cells.LastOrDefault(c => c.Cell.IsCode) is { } last ? Checks(last.Outputs) : [];

    /// <summary>The same, from an executed notebook that dotnet-repl wrote (artifacts/notebooks/NN-name.ipynb).</summary>
    public static List<string> LastCodeCellChecks(string ipynb)
    {
        var document = Notebook.Parse(File.ReadAllText(ipynb), Documents.NotebookDocument.KnownKernels());
        var last = document.Elements.LastOrDefault(e => e.KernelName is not null and not "markdown");
        return last is null ? [] : Checks(last.Outputs);
    }

    private static List<string> Checks(IEnumerable<InteractiveDocumentOutputElement> outputs)
    {
        return outputs
            .Select(o => o switch
            {
                DisplayElement d => d.Data,
                ReturnValueElement r => r.Data,
                _ => null,
            })
            .Where(data => data is not null && data.TryGetValue("text/plain", out _))
            .Select(data => data!["text/plain"]?.ToString() ?? "")
            .Where(text => text.StartsWith('✓'))
            .ToList();
    }

    /// <summary>
    /// The checks whose text is not in the app's output. A check that reports a time or a speed (seconds, ms,
    /// tokens/s, "× faster") cannot repeat its numbers in another run: it is compared with every number masked.
    /// </summary>
    public static List<string> MissingChecks(IEnumerable<string> checks, string appOutput)
    {
        var lines = appOutput.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var masked = lines.Where(l => Timed.IsMatch(l)).Select(l => Number.Replace(l, "#")).ToHashSet(StringComparer.Ordinal);
        string output = string.Join("\n", lines);
        return checks.Select(c => c.Replace("\r\n", "\n", StringComparison.Ordinal))
            .Where(c => Timed.IsMatch(c) ? !masked.Contains(Number.Replace(c, "#")) : !output.Contains(c, StringComparison.Ordinal))
            .ToList();
    }

    private static readonly System.Text.RegularExpressions.Regex Timed = new(@"tokens/s|× faster|\bms\b|\d s\b|\bseconds?\b");
    private static readonly System.Text.RegularExpressions.Regex Number = new(@"\d[\d.,]*");
}
