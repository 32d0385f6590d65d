using Workbook.Engines;
using Workbook.Reports;
using Workbook.Results;

namespace Workbook.Commands;

/// <summary>
/// `workbook run [NOTEBOOK...] [--engine kernel|repl] [--profile smoke|cpu|gpu] [--device auto|cpu|cuda] [--out DIR] [--timeout SECONDS]
/// [--no-record] [--dry-run [--steps N]]` (<see cref="RunOptions"/>): runs each notebook in the real .NET Interactive engine,
/// one after the other, each in a fresh process, and sums up with each engine's peak resident memory.
/// Exit 0 when every cell passed, 2 otherwise (as dotnet-repl). For the course's notebooks it shows, before each, the
/// last recorded time under the profile and an ETA for the rest of the run, and records every notebook that passed in
/// notebooks/results.json (then the README's measured part follows it); --no-record leaves both alone.
/// --dry-run runs the gpu profile's sizes on the CPU with every loop stopped after N steps, records nothing, and writes
/// the peak memory of each notebook to &lt;out&gt;/peak-memory.md: what a GPU machine's host memory must hold.
/// </summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(RepoLayout repo, string[] args)
    {
        var options = RunOptions.Parse(repo, args);
        var notebooks = NotebookFiles.Resolve(repo, options.Named);
        var settings = options.Settings(Console.Out);
        if (options.DryRunSteps is not { } steps)
            return Summarize(await RunAndRecordAsync(repo, options.Engine, notebooks, settings, options.Output, options.Record));

        // A dry run's times are not the profile's: no last time, no ETA, nothing recorded.
        Console.WriteLine($"Dry run: the {options.Profile} profile's sizes on the {options.Device} device, every loop stopped after {steps} step(s) ({RunSettings.DryRunVariable}={steps}); learning targets are shown, not enforced.");
        Console.WriteLine();
        string path = Path.Combine(options.Output, PeakMemoryReport.FileName);
        Directory.CreateDirectory(options.Output);
        string table = "";
        // Rewritten after each notebook, so a long dry run stopped halfway keeps the rows it measured.
        var runs = await RunAllAsync(repo, options.Engine, notebooks, settings, options.Output, afterEach: sofar =>
        {
            table = PeakMemoryReport.Markdown(sofar, $"Dry run: {options.Profile} sizes on the {options.Device}, {steps} step(s) per loop · {sofar[0].EngineDescription}");
            LlmCourse.Files.AtomicFile.WriteAllText(path, table);
        });
        Console.Write(table);
        Console.WriteLine($"wrote {Path.GetRelativePath(Environment.CurrentDirectory, path)}");
        return Summarize(runs);
    }

    /// <summary>
    /// Runs the notebooks one after another as <see cref="RunAllAsync"/> does, with the last recorded time and an ETA
    /// before each course notebook and its time after; each course notebook that passed is recorded in the results file
    /// (written after each notebook, so a long run stopped halfway keeps what it measured) when <paramref name="record"/>.
    /// </summary>
    private static async Task<List<NotebookRun>> RunAndRecordAsync(RepoLayout repo, Engine engine, IReadOnlyList<string> notebooks,
        RunSettings settings, string output, bool record)
    {
        BackendSetup.EnsureWritten(repo);
        string resultsPath = ResultsFile.PathIn(repo);
        var results = ResultsFile.Load(resultsPath);
        var runs = new List<NotebookRun>();
        bool recorded = false;
        for (int i = 0; i < notebooks.Count; i++)
        {
            string notebook = notebooks[i];
            string name = Path.GetFileNameWithoutExtension(notebook);
            bool isCourse = RunRecorder.IsCourseNotebook(repo, notebook);
            var last = results.Get(settings.Profile, name);
            if (isCourse)
            {
                var left = notebooks.Skip(i).Where(n => RunRecorder.IsCourseNotebook(repo, n)).Select(n => Path.GetFileNameWithoutExtension(n));
                Console.WriteLine($"⏱ {name}: {LastRun(last, settings.Profile, notebook)}; {RunEstimate.Remaining(results, settings.Profile, left).Describe(settings.Profile, DateTimeOffset.UtcNow)}");
            }
            var start = isCourse && record ? RunRecorder.Capture(repo, notebook, settings.Device) : null;
            var run = await NotebookRunner.RunAsync(repo, engine, notebook, output, settings);
            runs.Add(run);
            if (isCourse)
                Console.WriteLine($"⏱ {name}: {run.Elapsed.TotalSeconds:F1} s{(last is null ? "" : $" (last {settings.Profile} run {last.Seconds:F0} s)")}");
            if (start is not null)
            {
                var passed = RunRecorder.ToRecord(run, start, MachineState.LoadAverage());
                // Read again: another ./workbook run (another terminal) may have recorded a notebook meanwhile.
                results = ResultsFile.Load(resultsPath);
                Console.WriteLine($"  {RunRecorder.Apply(results, settings.Profile, name, passed)}");
                if (passed is not null)
                {
                    results.Save(resultsPath);
                    recorded = true;
                }
            }
            Console.WriteLine();
        }
        if (recorded)
            ResultsCommand.WriteReadme(repo, Console.Out);
        return runs;
    }

    private static string LastRun(NotebookRecord? last, string profile, string notebook) => last is null
        ? $"no {profile} run recorded"
        : $"last {profile} run {last.Seconds:F0} s on {last.Date}{(last.DibSha256 == MachineState.Sha256(notebook) ? "" : " (an older version of the notebook)")}";

    public static Engine ParseEngine(string? name) => (name ?? "kernel").ToLowerInvariant() switch
    {
        "kernel" => Engine.Kernel,
        "repl" => Engine.Repl,
        var other => throw new UsageException($"--engine {other}: use kernel (the kernel VS Code starts) or repl (dotnet-repl)"),
    };

    /// <summary>Runs the notebooks one after another and records nothing: `./workbook test` (CI) must not change the committed results file.</summary>
    /// <param name="afterEach">Called with the runs so far after each notebook (the dry run's table).</param>
    public static async Task<List<NotebookRun>> RunAllAsync(RepoLayout repo, Engine engine, IReadOnlyList<string> notebooks, RunSettings settings, string output,
        Action<IReadOnlyList<NotebookRun>>? afterEach = null)
    {
        BackendSetup.EnsureWritten(repo);
        var runs = new List<NotebookRun>();
        foreach (var notebook in notebooks)
        {
            runs.Add(await NotebookRunner.RunAsync(repo, engine, notebook, output, settings));
            afterEach?.Invoke(runs);
            settings.Console?.WriteLine();
        }
        return runs;
    }

    public static int Summarize(IReadOnlyList<NotebookRun> runs)
    {
        Console.WriteLine();
        Console.WriteLine("notebook                                     cells ok  failed   seconds  peak MiB");
        foreach (var run in runs)
            Console.WriteLine($"{Path.GetFileName(run.Path),-44} {run.Passed,8} {run.Failed,7} {run.Elapsed.TotalSeconds,9:F1} {PeakMemoryReport.MiB(run.PeakResidentBytes) ?? "-",9}{(run.Problem is null ? "" : $"  ({FirstLine(run.Problem)})")}");
        int passed = runs.Sum(r => r.Passed), failed = runs.Sum(r => r.Failed), skipped = runs.Sum(r => r.NotRun);
        Console.WriteLine($"{passed} passed, {failed} failed{(skipped > 0 ? $", {skipped} skipped" : "")}");
        return runs.All(r => r.Succeeded) ? 0 : 2;
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}
