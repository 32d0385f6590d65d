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
        var arguments = new Arguments(args, "profile", "device", "timeout", "compare");
        string profile = Profiles.Choose(arguments["profile"]);
        string? device = Profiles.ChooseDevice(arguments["device"]);
        TimeSpan? timeout = arguments["timeout"] is { } seconds ? TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)) : null;
        var notebooks = NotebookFiles.Resolve(repo, arguments.Positional);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var runs = await AppRunner.RunAllAsync(repo, notebooks, new RunSettings(profile, device, timeout, Console.Out), [], Path.Combine(repo.Root, "artifacts", "apps"));
        if (arguments["compare"] is { } folder)
        {
            // The notebooks' executed .ipynb from a run with the same profile (./workbook run --engine repl --profile …).
            for (int i = 0; i < runs.Count; i++)
            {
                string ipynb = Path.Combine(Path.GetFullPath(folder), runs[i].Name + ".ipynb");
                if (!runs[i].Succeeded || !File.Exists(ipynb))
                    continue;
                var missing = AppRunner.MissingChecks(AppRunner.LastCodeCellChecks(ipynb), File.ReadAllText(runs[i].Log));
                Console.WriteLine(missing.Count == 0
                    ? $"same checks as the notebook: {runs[i].Name}"
                    : $"DIFFERENT from the notebook: {runs[i].Name}: it showed \"{missing[0]}\"{(missing.Count > 1 ? $" and {missing.Count - 1} more" : "")}; the app did not");
                if (missing.Count > 0)
                    runs[i] = runs[i] with { Problem = "its checks differ from the notebook's" };
            }
        }
        Console.WriteLine($"{runs.Count(r => r.Succeeded)} passed, {runs.Count(r => !r.Succeeded)} failed, {clock.Elapsed.TotalSeconds:F1} s");
        return runs.All(r => r.Succeeded) ? 0 : 2;
    }
}
