using Workbook;
using Workbook.Commands;

const string Usage = """
    usage: ./workbook <command> [options]

      run   [NOTEBOOK...] [--profile smoke|cpu|gpu] [--device auto|cpu|cuda] [--out DIR] [--timeout SECONDS]
            Runs notebooks headless (all of notebooks/ when none is named), each in its own process, in its own
            folder. Writes artifacts/notebooks/<name>.ipynb and .html. Exit 0 when every cell passed, 2 if not.
            Default profile: cpu.
      lint  [NOTEBOOK...]
            Checks notebooks against the portable subset VS Code and dotnet-repl both run. Exit 1 on any problem.
      test  Builds, runs the unit tests, lints, and runs every notebook under --profile smoke. What CI runs.
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
        "exec" => await ExecCommand.RunAsync(repo, rest),
        "lint" => LintCommand.Run(repo, rest),
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

int PrintUsage(int code)
{
    (code == 0 ? Console.Out : Console.Error).WriteLine(Usage);
    return code;
}
