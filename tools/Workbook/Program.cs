using Workbook;
using Workbook.Commands;

const string Usage = """
    usage: ./workbook <command> [options]

      run   [NOTEBOOK...] [--engine kernel|repl] [--profile smoke|cpu|gpu] [--device auto|cpu|cuda] [--out DIR] [--timeout SECONDS] [--no-record]
            [--dry-run [--steps N]]
            Runs notebooks (all of notebooks/ when none is named) in the real .NET Interactive engine, each in a
            fresh process started in its folder: --engine kernel (default) is the kernel VS Code starts, driven
            cell by cell with live progress; --engine repl is dotnet-repl. Both are pinned in .config/dotnet-tools.json.
            Writes artifacts/notebooks/<name>.ipynb and .html. Exit 0 when every cell passed, 2 if not.
            Profile and device: the options, else COURSE_PROFILE and COURSE_DEVICE, else cpu and auto.
            Before each course notebook: its last recorded time under the profile and an ETA for the rest of the run.
            Each course notebook that passes is recorded in notebooks/results.json (its final checks, wall time,
            engine, commit, cores, load) and the README's measured part is rewritten; --no-record leaves both alone.
            The summary gives each notebook's peak resident memory (its engine process and the processes it started).
            --dry-run: runs every notebook with the gpu profile's sizes on the CPU, each training/evaluation loop stopped
            after N steps (--steps, default 2) through COURSE_DRY_RUN, to find shape and memory problems before renting
            a GPU. Checks of learning targets are reported, not enforced. The profile is gpu and the device cpu (another
            --profile or --device is refused); nothing is recorded; reports go to artifacts/dryrun (--out changes it).
            Reports the peak resident memory per notebook, also written to <out>/peak-memory.md.
      lint  [NOTEBOOK...]
            Checks notebooks against the portable subset both tools run, and every package a notebook loads
            against what the kernel already carries. With no notebook named, also that the README's measured
            results are what notebooks/results.json gives. Exit 1 on any problem.
      export [NOTEBOOK...]
            Writes each notebook as a .NET file-based app, notebooks/apps/NN-name.cs: `dotnet run notebooks/apps/NN-name.cs`
            runs the lesson with only the .NET SDK. Lint fails when an app is out of date with its notebook.
            Also rewrites the README's measured part from notebooks/results.json.
      results readme
            Writes the README's measured column and block (between their markers) from notebooks/results.json.
      results record DIR [NOTEBOOK...] --profile smoke|cpu|gpu
            Records the runs in DIR (./workbook run --out DIR) in notebooks/results.json, refusing a run whose
            notebook changed since, or that did not pass. Exit 1 when any was refused.
      apps  [NOTEBOOK...] [--profile smoke|cpu|gpu] [--device auto|cpu|cuda] [--timeout SECONDS] [--compare DIR]
            Runs the exported apps with `dotnet run notebooks/apps/NN-name.cs`, one after another; logs in
            artifacts/apps/. --compare DIR: each notebook's final-cell checks in DIR/NN-name.ipynb (a run with the
            same profile, e.g. artifacts/notebooks) must appear in its app's output. Exit 0 when every app passed, 2 if not.
      test  Builds, runs the unit tests, lints, runs every notebook under the smoke profile in dotnet-repl, and
            notebooks 00 and 02 in VS Code's kernel too, checking both give each cell the same outcome, then every
            exported app under smoke with `dotnet run`. What CI runs.
      setup [--backend auto|cpu|cuda]
            Picks the TorchSharp backend for this machine (notebooks/setup/backend.dib) and restores it.
    """;

try
{
    var repo = RepoLayout.Find();
    string command = args.Length > 0 ? args[0] : "";
    string[] rest = args.Skip(1).ToArray();
    return command switch
    {
        "run" => await RunCommand.RunAsync(repo, rest),
        "lint" => LintCommand.Run(repo, rest),
        "export" => ExportCommand.Run(repo, rest),
        "results" => ResultsCommand.Run(repo, rest),
        "apps" => await AppsCommand.RunAsync(repo, rest),
        "test" => await TestCommand.RunAsync(repo, rest),
        "setup" => BackendSetup.Run(repo, rest),
        "help" or "--help" or "-h" => PrintUsage(0),
        _ => throw new UsageException(command.Length == 0 ? "no command" : $"unknown command '{command}'"),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"workbook: {e.Message}");
    return PrintUsage(1);
}
catch (Workbook.Results.ResultsFileException e)
{
    Console.Error.WriteLine($"workbook: {e.Message}");
    return 1;
}
catch (Workbook.Engines.ToolUnavailableException e)
{
    Console.Error.WriteLine($"workbook: {e.Message}");
    return 1;
}

int PrintUsage(int code)
{
    (code == 0 ? Console.Out : Console.Error).WriteLine(Usage);
    return code;
}
