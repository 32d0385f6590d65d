using Workbook.Engines;
using Workbook.Results;

namespace Workbook.Commands;

/// <summary>
/// `workbook run [NOTEBOOK...] [--engine kernel|repl] [--profile smoke|cpu|gpu] [--device auto|cpu|cuda] [--out DIR] [--timeout SECONDS]`:
/// runs each notebook in the real .NET Interactive engine, one after the other, each in a fresh process, and sums up.
/// Exit 0 when every cell passed, 2 otherwise (as dotnet-repl). For the course's notebooks it shows, before each, the
/// last recorded time under the profile and an ETA for the rest of the run, and records every notebook that passed in
/// notebooks/results.json (then the README's measured part follows it); --no-record leaves both alone.
/// </summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(RepoLayout repo, string[] args)
    {
        bool record = !args.Contains("--no-record");
        var arguments = new Arguments(args.Where(a => a != "--no-record"), "engine", "profile", "device", "out", "timeout");
        var engine = ParseEngine(arguments["engine"]);
        string profile = Profiles.Choose(arguments["profile"]);
        string? device = Profiles.ChooseDevice(arguments["device"]);
        string output = Path.GetFullPath(arguments["out"] ?? repo.Reports);
        var notebooks = NotebookFiles.Resolve(repo, arguments.Positional);
        TimeSpan? timeout = arguments["timeout"] is { } seconds
            ? (int.TryParse(seconds, out var s) && s > 0 ? TimeSpan.FromSeconds(s) : throw new UsageException($"--timeout {seconds}: give whole seconds"))
            : null;
        var runs = await RunAndRecordAsync(repo, engine, notebooks, new RunSettings(profile, device, timeout, Console.Out), output, record);
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
    public static async Task<List<NotebookRun>> RunAllAsync(RepoLayout repo, Engine engine, IReadOnlyList<string> notebooks, RunSettings settings, string output)
    {
        BackendSetup.EnsureWritten(repo);
        var runs = new List<NotebookRun>();
        foreach (var notebook in notebooks)
        {
            runs.Add(await NotebookRunner.RunAsync(repo, engine, notebook, output, settings));
            settings.Console?.WriteLine();
        }
        return runs;
    }

    public static int Summarize(IReadOnlyList<NotebookRun> runs)
    {
        Console.WriteLine();
        Console.WriteLine("notebook                                     cells ok  failed   seconds");
        foreach (var run in runs)
            Console.WriteLine($"{Path.GetFileName(run.Path),-44} {run.Passed,8} {run.Failed,7} {run.Elapsed.TotalSeconds,9:F1}{(run.Problem is null ? "" : $"  ({FirstLine(run.Problem)})")}");
        int passed = runs.Sum(r => r.Passed), failed = runs.Sum(r => r.Failed), skipped = runs.Sum(r => r.NotRun);
        Console.WriteLine($"{passed} passed, {failed} failed{(skipped > 0 ? $", {skipped} skipped" : "")}");
        return runs.All(r => r.Succeeded) ? 0 : 2;
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}
