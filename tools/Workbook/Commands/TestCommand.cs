using System.Diagnostics;
using Workbook.Engines;

namespace Workbook.Commands;

/// <summary>
/// `workbook test`: what CI runs. Builds everything (warnings are errors), runs the xunit suites, lints every
/// notebook, runs every notebook under the smoke profile in dotnet-repl, then runs <see cref="KernelNotebooks"/>
/// in the kernel VS Code starts, cell by cell, and checks that each cell passed or failed there exactly as it did
/// in dotnet-repl. Non-zero when any step fails.
/// </summary>
public static class TestCommand
{
    /// <summary>A smoke run is meant to take about a minute; ten means something hangs, and CI must not wait for ever.</summary>
    private static readonly TimeSpan SmokeTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Run in VS Code's kernel too: the set-up notebook and one that draws many charts.</summary>
    public static readonly string[] KernelNotebooks = ["00-setup-and-tensors.dib", "02-training.dib"];

    public static async Task<int> RunAsync(RepoLayout repo, string[] args)
    {
        _ = new Arguments(args);
        var steps = new List<(string Name, TimeSpan Time, bool Ok)>();
        var clock = Stopwatch.StartNew();

        async Task<bool> Step(string name, Func<Task<bool>> action)
        {
            Console.WriteLine($"\n== {name}");
            var watch = Stopwatch.StartNew();
            bool ok = await action();
            steps.Add((name, watch.Elapsed, ok));
            return ok;
        }

        BackendSetup.EnsureWritten(repo);
        bool built = await Step("build", () => Task.FromResult(Dotnet(repo, "build", "LlmCourse.slnx", "-c", "Release", "-nologo", "-v", "q", "-clp:NoSummary") == 0));
        if (built)
        {
            await Step("unit tests", () => Task.FromResult(Dotnet(repo, "test", "LlmCourse.slnx", "-c", "Release", "--no-build", "-nologo") == 0));
            await Step("lint", () => Task.FromResult(LintCommand.Run(repo, []) == 0));

            var settings = new RunSettings("smoke", "cpu", SmokeTimeout, Console.Out);
            var notebooks = NotebookFiles.Resolve(repo, []);
            List<NotebookRun> replRuns = [];
            await Step($"notebooks (smoke) in {DotnetTool.Repl(repo)}", async () =>
            {
                replRuns = await RunCommand.RunAllAsync(repo, Engine.Repl, notebooks, settings, repo.Reports);
                return RunCommand.Summarize(replRuns) == 0;
            });
            await Step($"notebooks (smoke) in VS Code's kernel, {DotnetTool.Kernel(repo)}", async () =>
            {
                var chosen = KernelNotebooks.Select(n => Path.Combine(repo.Notebooks, n)).ToList();
                var kernelRuns = await RunCommand.RunAllAsync(repo, Engine.Kernel, chosen, settings, Path.Combine(repo.Reports, "vscode-kernel"));
                bool passed = RunCommand.Summarize(kernelRuns) == 0;
                bool same = true;
                foreach (var run in kernelRuns)
                {
                    var other = replRuns.FirstOrDefault(r => r.Path == run.Path);
                    var differences = other is null ? ["dotnet-repl did not run it"] : EngineComparison.Differences(other, run);
                    Console.WriteLine(differences.Count == 0
                        ? $"same outcome, cell by cell, in both engines: {run.Name} ({run.Outcomes.Count} code cells)"
                        : $"DIFFERENT outcomes in dotnet-repl and VS Code's kernel: {run.Name}: {string.Join("; ", differences)}");
                    same &= differences.Count == 0;
                }
                return passed && same;
            });
            await Step("lessons as file-based apps (smoke), dotnet run notebooks/apps/*.cs", async () =>
            {
                var apps = await Export.AppRunner.RunAllAsync(repo, notebooks, settings, replRuns, Path.Combine(repo.Root, "artifacts", "apps"));
                Console.WriteLine($"{apps.Count(a => a.Succeeded)} passed, {apps.Count(a => !a.Succeeded)} failed");
                return apps.All(a => a.Succeeded);
            });
        }

        Console.WriteLine("\n== summary");
        foreach (var (name, time, ok) in steps)
            Console.WriteLine($"{(ok ? "ok    " : "FAILED")} {name,-60} {time.TotalSeconds,7:F1} s");
        Console.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
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
