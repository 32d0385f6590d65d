using System.Diagnostics;
using System.Text.Json;
using Workbook.Execution;

namespace Workbook.Commands;

/// <summary>
/// `workbook run [NOTEBOOK...] [--profile smoke|cpu|gpu] [--device auto|cpu|cuda] [--out DIR] [--timeout SECONDS]`:
/// runs each notebook in a fresh process (as a fresh kernel would), one after the other, and sums up.
/// Exit 0 when every cell passed, 2 otherwise. A notebook still running after --timeout seconds is stopped and fails.
/// </summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(RepoLayout repo, string[] args)
    {
        var arguments = new Arguments(args, "profile", "device", "out", "timeout");
        string profile = Profiles.Check(arguments["profile"]);
        string? device = Profiles.CheckDevice(arguments["device"]);
        string output = Path.GetFullPath(arguments["out"] ?? repo.Reports);
        var notebooks = NotebookFiles.Resolve(repo, arguments.Positional);
        TimeSpan? timeout = arguments["timeout"] is { } seconds
            ? (int.TryParse(seconds, out var s) && s > 0 ? TimeSpan.FromSeconds(s) : throw new UsageException($"--timeout {seconds}: give whole seconds"))
            : null;
        var results = await RunAllAsync(notebooks, profile, device, output, timeout);
        return Summarize(results);
    }

    public sealed record Outcome(string Notebook, int Passed, int Failed, TimeSpan Elapsed, int ExitCode);

    public static async Task<List<Outcome>> RunAllAsync(IReadOnlyList<string> notebooks, string profile, string? device, string output, TimeSpan? timeout)
    {
        BackendSetup.EnsureWritten(RepoLayout.Find());
        var outcomes = new List<Outcome>();
        foreach (var notebook in notebooks)
            outcomes.Add(await RunInChildAsync(notebook, profile, device, output, timeout));
        return outcomes;
    }

    public static int Summarize(IReadOnlyList<Outcome> outcomes)
    {
        Console.WriteLine();
        Console.WriteLine("notebook                                     cells ok  failed   seconds");
        foreach (var o in outcomes)
            Console.WriteLine($"{Path.GetFileName(o.Notebook),-44} {o.Passed,8} {o.Failed,7} {o.Elapsed.TotalSeconds,9:F1}{o.ExitCode switch { 0 or 2 => "", TimedOut => "  (timed out)", var code => $"  (runner exit code {code})" }}");
        int passed = outcomes.Sum(o => o.Passed), failed = outcomes.Sum(o => o.Failed);
        Console.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 && outcomes.All(o => o.ExitCode == 0) ? 0 : 2;
    }

    /// <summary>A notebook runs in its own process: static state (formatters, TorchSharp's native backend) never leaks between notebooks.</summary>
    private const int TimedOut = -1;

    private static async Task<Outcome> RunInChildAsync(string notebook, string profile, string? device, string output, TimeSpan? timeout)
    {
        string summary = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
                start.ArgumentList.Add(typeof(RunCommand).Assembly.Location);
            foreach (var a in new[] { "exec", notebook, "--profile", profile, "--out", output, "--summary", summary })
                start.ArgumentList.Add(a);
            if (device is not null)
            {
                start.ArgumentList.Add("--device");
                start.ArgumentList.Add(device);
            }
            var clock = Stopwatch.StartNew();
            using var child = Process.Start(start)!;
            using var limit = new CancellationTokenSource(timeout ?? Timeout.InfiniteTimeSpan);
            try
            {
                await child.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync();
                Console.WriteLine($"  ✗ {Path.GetFileName(notebook)} stopped after {timeout!.Value.TotalSeconds:F0} s (--timeout); it counts as failed.");
                return new Outcome(notebook, 0, 1, clock.Elapsed, TimedOut);
            }
            var counts = new FileInfo(summary).Length > 0
                ? JsonSerializer.Deserialize<ExecCommand.Summary>(File.ReadAllText(summary))
                : null;
            // A process that died without a summary (a native crash) counts as one failure.
            return new Outcome(notebook, counts?.Passed ?? 0, counts?.Failed ?? 1, clock.Elapsed, child.ExitCode);
        }
        finally
        {
            File.Delete(summary);
        }
    }
}

/// <summary>`workbook exec NOTEBOOK`: runs one notebook in this process (what `run` starts for each notebook).</summary>
public static class ExecCommand
{
    public sealed record Summary(int Passed, int Failed, double Seconds);

    public static async Task<int> RunAsync(RepoLayout repo, string[] args)
    {
        var arguments = new Arguments(args, "profile", "device", "out", "summary");
        if (arguments.Positional.Count != 1)
            throw new UsageException("exec runs exactly one notebook");
        string profile = Profiles.Check(arguments["profile"]);
        Environment.SetEnvironmentVariable("COURSE_PROFILE", profile);
        if (Profiles.CheckDevice(arguments["device"]) is { } device)
            Environment.SetEnvironmentVariable("COURSE_DEVICE", device);

        PackageCatalog? catalog = null;
        var result = await NotebookRunner.RunAsync(arguments.Positional[0], profile,
            () => catalog ??= PackageCatalog.Load(repo.CatalogueAssets), arguments["out"] ?? repo.Reports, Console.Out);
        if (arguments["summary"] is { } summary)
            File.WriteAllText(summary, JsonSerializer.Serialize(new Summary(result.Passed, result.Failed, result.Elapsed.TotalSeconds)));
        return result.Failed == 0 ? 0 : 2;
    }
}
