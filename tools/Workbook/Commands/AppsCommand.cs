using Workbook.Engines;
using Workbook.Export;

namespace Workbook.Commands;

/// <summary>
/// `workbook apps [NOTEBOOK...] [--profile P] [--device D] [--timeout S]`: runs the exported lessons
/// (notebooks/apps/*.cs) with `dotnet run`, one after another, as `workbook test` does; logs in artifacts/apps/.
/// Exit 0 when every app passed, 2 if not.
/// </summary>
public static class AppsCommand
{
    public static async Task<int> RunAsync(RepoLayout repo, string[] args)
    {
        var arguments = new Arguments(args, "profile", "device", "timeout");
        string profile = Profiles.Choose(arguments["profile"]);
        string? device = Profiles.ChooseDevice(arguments["device"]);
        TimeSpan? timeout = arguments["timeout"] is { } seconds ? TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)) : null;
        var notebooks = NotebookFiles.Resolve(repo, arguments.Positional);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var runs = await AppRunner.RunAllAsync(repo, notebooks, new RunSettings(profile, device, timeout, Console.Out), [], Path.Combine(repo.Root, "artifacts", "apps"));
        Console.WriteLine($"{runs.Count(r => r.Succeeded)} passed, {runs.Count(r => !r.Succeeded)} failed, {clock.Elapsed.TotalSeconds:F1} s");
        return runs.All(r => r.Succeeded) ? 0 : 2;
    }
}
