using Workbook.Engines;

namespace Workbook.Commands;

/// <summary>
/// `workbook run [NOTEBOOK...] [--engine kernel|repl] [--profile smoke|cpu|gpu] [--device auto|cpu|cuda] [--out DIR] [--timeout SECONDS]`:
/// runs each notebook in the real .NET Interactive engine, one after the other, each in a fresh process, and sums up.
/// Exit 0 when every cell passed, 2 otherwise (as dotnet-repl).
/// </summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(RepoLayout repo, string[] args)
    {
        var arguments = new Arguments(args, "engine", "profile", "device", "out", "timeout");
        var engine = ParseEngine(arguments["engine"]);
        string profile = Profiles.Choose(arguments["profile"]);
        string? device = Profiles.ChooseDevice(arguments["device"]);
        string output = Path.GetFullPath(arguments["out"] ?? repo.Reports);
        var notebooks = NotebookFiles.Resolve(repo, arguments.Positional);
        TimeSpan? timeout = arguments["timeout"] is { } seconds
            ? (int.TryParse(seconds, out var s) && s > 0 ? TimeSpan.FromSeconds(s) : throw new UsageException($"--timeout {seconds}: give whole seconds"))
            : null;
        var runs = await RunAllAsync(repo, engine, notebooks, new RunSettings(profile, device, timeout, Console.Out), output);
        return Summarize(runs);
    }

    public static Engine ParseEngine(string? name) => (name ?? "kernel").ToLowerInvariant() switch
    {
        "kernel" => Engine.Kernel,
        "repl" => Engine.Repl,
        var other => throw new UsageException($"--engine {other}: use kernel (the kernel VS Code starts) or repl (dotnet-repl)"),
    };

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
