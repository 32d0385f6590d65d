using System.Diagnostics;

namespace Workbook.Commands;

/// <summary>
/// `workbook test`: what CI runs. Builds everything (warnings are errors), runs the xunit suites, lints every
/// notebook, then runs every notebook under the smoke profile. Non-zero when any step fails.
/// </summary>
public static class TestCommand
{
    /// <summary>A smoke run is meant to take about a minute; ten means something hangs, and CI must not wait for ever.</summary>
    private static readonly TimeSpan SmokeTimeout = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(RepoLayout repo, string[] args)
    {
        _ = new Arguments(args);
        var steps = new List<(string Name, TimeSpan Time, bool Ok)>();
        var clock = Stopwatch.StartNew();

        bool Step(string name, Func<bool> action)
        {
            Console.WriteLine($"\n== {name}");
            var watch = Stopwatch.StartNew();
            bool ok = action();
            steps.Add((name, watch.Elapsed, ok));
            return ok;
        }

        BackendSetup.EnsureWritten(repo);
        bool built = Step("build", () => Dotnet(repo, "build", "LlmCourse.slnx", "-c", "Release", "-nologo", "-v", "q", "-clp:NoSummary") == 0);
        if (built)
        {
            Step("unit tests", () => Dotnet(repo, "test", "LlmCourse.slnx", "-c", "Release", "--no-build", "-nologo") == 0);
            Step("lint", () => LintCommand.Run(repo, []) == 0);
            var notebooks = NotebookFiles.Resolve(repo, []);
            List<RunCommand.Outcome> outcomes = [];
            Step("notebooks (smoke)", () =>
            {
                outcomes = RunCommand.RunAllAsync(notebooks, "smoke", null, repo.Reports, SmokeTimeout).GetAwaiter().GetResult();
                return RunCommand.Summarize(outcomes) == 0;
            });
        }

        Console.WriteLine("\n== summary");
        foreach (var (name, time, ok) in steps)
            Console.WriteLine($"{(ok ? "ok    " : "FAILED")} {name,-20} {time.TotalSeconds,7:F1} s");
        Console.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
        await Task.CompletedTask;
        return steps.All(s => s.Ok) ? 0 : 1;
    }

    private static int Dotnet(RepoLayout repo, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = repo.Root };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
