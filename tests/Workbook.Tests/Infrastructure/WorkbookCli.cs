using System.Diagnostics;

namespace Workbook.Tests.Infrastructure;

/// <summary>Runs the built runner as a child process: <c>dotnet workbook.dll …</c>, as ./workbook does after building.</summary>
internal static class WorkbookCli
{
    private static readonly Lazy<string> Dll = new(Locate);

    public static ProcessRunner.Result Run(string workingDirectory, params string[] arguments) => Run(workingDirectory, null, arguments);

    /// <param name="environment">Variables for the child on top of this process's, after COURSE_PROFILE and COURSE_DEVICE are removed.</param>
    public static ProcessRunner.Result Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll.Value);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // The child decides the profile from its arguments (or the variables a test sets), not from whatever the test process inherited.
        start.Environment.Remove("COURSE_PROFILE");
        start.Environment.Remove("COURSE_DEVICE");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return ProcessRunner.Run(start, TimeSpan.FromMinutes(3));
    }

    /// <summary>workbook.dll next to the tests (copied with its runtimeconfig by the project reference), else the build output.</summary>
    private static string Locate()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "workbook.dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "workbook.runtimeconfig.json")))
            return beside;
        string built = Path.Combine(TestPaths.Repo.Root, "artifacts", "bin", "Workbook", "release", "workbook.dll");
        return File.Exists(built)
            ? built
            : throw new FileNotFoundException($"workbook.dll is neither in {AppContext.BaseDirectory} nor at {built}: build tools/Workbook first.");
    }
}
