using System.Text.Json;
using System.Text.RegularExpressions;
using Workbook.Tests.Infrastructure;

namespace Workbook.Tests.Cli;

/// <summary>`workbook run` as CI runs it, in a child process: exit codes, the failing cell's number and line, the summary.</summary>
[Collection("Engines")]
public sealed class WorkbookRunCliTests : IDisposable
{
    private readonly string _output = TestPaths.NewTempDirectory("cli-run");

    public void Dispose() => TestPaths.DeleteQuietly(_output);

    private static int LineOf(string fixture, string text) =>
        Array.FindIndex(File.ReadAllLines(fixture), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    private static string[] OutputLines(ProcessRunner.Result result) =>
        result.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();

    [Fact]
    public void Run_NotebookWithAFailingCell_ExitsTwoAndReportsTheCellAndTheRest()
    {
        string fixture = TestPaths.Fixture("Cli", "failing.dib");
        int failingCellLine = LineOf(fixture, "var before = 41;");
        int lastCellLine = LineOf(fixture, "still running");

        var result = WorkbookCli.Run(Path.GetDirectoryName(fixture)!, "run", fixture, "--out", _output, "--profile", "smoke");

        string all = result.StandardOutput + result.StandardError;
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:\n{all}");
        Assert.Contains($"✗ cell 3 (line {failingCellLine}) FAILED after ", result.StandardOutput);
        Assert.Contains("System.InvalidOperationException: deliberate failure", result.StandardOutput);
        Assert.Contains($"[3/3] cell 4, line {lastCellLine}", result.StandardOutput);
        Assert.Contains("| still running: 42", result.StandardOutput);   // the cell after the failure ran, with the state before the throw
        Assert.Contains("2 passed, 1 failed (", result.StandardOutput);   // the notebook's own summary
        Assert.Matches(new Regex(@"^failing\.dib\s+2\s+1\s+[\d.]+\s+\d+$"), OutputLines(result)[^2]);   // … seconds, peak MiB
        Assert.Equal("2 passed, 1 failed", OutputLines(result)[^1]);
        Assert.True(File.Exists(Path.Combine(_output, "failing.ipynb")));
        Assert.True(File.Exists(Path.Combine(_output, "failing.html")));
    }

    [Fact]
    public void Run_InDotnetRepl_ReportsTheSameFailingCell()
    {
        string fixture = TestPaths.Fixture("Cli", "failing.dib");

        var result = WorkbookCli.Run(Path.GetDirectoryName(fixture)!, "run", fixture, "--engine", "repl", "--out", _output, "--profile", "smoke");

        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        Assert.Contains("dotnet-repl (", result.StandardOutput);
        Assert.Contains("[2/3] cell 3, line ", result.StandardOutput);
        Assert.Contains("✗ FAILED after ", result.StandardOutput);
        Assert.Equal("2 passed, 1 failed", OutputLines(result)[^1]);
        // dotnet-repl's own notebook is kept as the executed .ipynb.
        using var ipynb = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "failing.ipynb")));
        Assert.Contains(ipynb.RootElement.GetProperty("cells").EnumerateArray().SelectMany(c => c.TryGetProperty("outputs", out var o) ? o.EnumerateArray() : []),
            o => o.GetProperty("output_type").GetString() == "error");
    }

    [Fact]
    public void Run_PassingNotebook_ExitsZero()
    {
        string fixture = TestPaths.Fixture("Cli", "passing.dib");

        var result = WorkbookCli.Run(Path.GetDirectoryName(fixture)!, "run", fixture, "--out", _output, "--profile", "smoke");

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        Assert.Contains("| 1,4,9,16", result.StandardOutput);
        Assert.Contains("| profile=smoke", result.StandardOutput);   // --profile reaches the notebook as COURSE_PROFILE
        Assert.Equal("2 passed, 0 failed", OutputLines(result)[^1]);
        using var ipynb = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "passing.ipynb")));
        var lastCell = ipynb.RootElement.GetProperty("cells").EnumerateArray().Last();
        string html = string.Concat(lastCell.GetProperty("outputs").EnumerateArray().Last()
            .GetProperty("data").GetProperty("text/html").EnumerateArray().Select(l => l.GetString()));
        Assert.StartsWith("<div class=\"dni-plaintext\"><pre>30</pre></div>", html);   // squares.Sum(), the last cell's value
    }

    [Fact]
    public void Run_WithoutProfileOption_TheEnvironmentChooses()
    {
        string fixture = TestPaths.Fixture("Cli", "passing.dib");

        var result = WorkbookCli.Run(Path.GetDirectoryName(fixture)!, new Dictionary<string, string> { ["COURSE_PROFILE"] = "smoke" }, "run", fixture, "--out", _output);

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        Assert.Contains("· profile smoke ·", result.StandardOutput);
        Assert.Contains("| profile=smoke", result.StandardOutput);
    }

    [Theory]
    [InlineData("COURSE_PROFILE", "fast", new string[0], "COURSE_PROFILE=fast is not a profile: use smoke, cpu or gpu")]
    [InlineData("COURSE_DEVICE", "tpu", new[] { "--profile", "smoke" }, "COURSE_DEVICE=tpu is not a device: use auto, cpu or cuda")]
    [InlineData("COURSE_PROFILE", "smoke", new[] { "--profile", "fast" }, "--profile fast is not a profile")]
    [InlineData("COURSE_PROFILE", "smoke", new[] { "--device", "tpu" }, "--device tpu is not a device")]
    public void Run_WrongProfileOrDevice_ExitsOneNamingWhereItCameFrom(string variable, string value, string[] options, string message)
    {
        string fixture = TestPaths.Fixture("Cli", "passing.dib");

        var result = WorkbookCli.Run(Path.GetDirectoryName(fixture)!, new Dictionary<string, string> { [variable] = value },
            ["run", fixture, "--out", _output, .. options]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.StandardError);
        Assert.False(File.Exists(Path.Combine(_output, "passing.html")), "nothing ran");
    }

    [Fact]
    public void Run_DryRun_GivesTheNotebookGpuCpuAndTheSteps_AndWritesThePeakMemoryTable()
    {
        string fixture = TestPaths.Fixture("Cli", "dry-run.dib");

        var result = WorkbookCli.Run(Path.GetDirectoryName(fixture)!, new Dictionary<string, string> { ["COURSE_PROFILE"] = "smoke", ["COURSE_DEVICE"] = "cuda" },
            "run", fixture, "--out", _output, "--dry-run", "--steps", "3");

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        Assert.Contains("| dry-run=3 profile=gpu device=cpu", result.StandardOutput);   // the environment's profile and device do not count
        Assert.Contains("· profile gpu dry run (3 steps) ·", result.StandardOutput);
        Assert.DoesNotContain("⏱", result.StandardOutput);
        Assert.Matches(new Regex(@"\d+ passed, 0 failed \([\d.]+ s, peak \d+ MiB resident\)"), result.StandardOutput);   // the notebook's own line, printed as it ends
        string table = File.ReadAllText(Path.Combine(_output, "peak-memory.md"));
        Assert.Matches(new Regex(@"\| dry-run \| passed \| [\d.]+ \| \d+ \|"), table);
        Assert.Contains(table.Split('\n').First(l => l.StartsWith("| dry-run |", StringComparison.Ordinal)), result.StandardOutput);   // printed too
        Assert.Contains("profile <b>gpu dry run (3 steps)</b>", File.ReadAllText(Path.Combine(_output, "dry-run.html")));   // `results record` refuses it as gpu
        Assert.Equal("1 passed, 0 failed", OutputLines(result)[^1]);
    }

    [Theory]
    [InlineData(new[] { "--dry-run", "--profile", "cpu" }, "--profile cpu: --dry-run always runs the gpu profile's sizes")]
    [InlineData(new[] { "--dry-run", "--device", "cuda" }, "--device cuda: --dry-run always runs on the CPU")]
    [InlineData(new[] { "--dry-run", "--steps", "0" }, "--steps 0: give a positive whole number")]
    [InlineData(new[] { "--steps", "2" }, "--steps 2 goes with --dry-run")]
    public void Run_DryRunOptionsThatContradictIt_ExitOneAndRunNothing(string[] options, string message)
    {
        string fixture = TestPaths.Fixture("Cli", "passing.dib");

        var result = WorkbookCli.Run(Path.GetDirectoryName(fixture)!, ["run", fixture, "--out", _output, .. options]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"workbook: {message}", result.StandardError);
        Assert.False(File.Exists(Path.Combine(_output, "passing.html")), "nothing ran");
    }

    [Fact]
    public void Run_PastTheTimeout_StopsTheNotebookAndReportsWhereItWas()
    {
        string fixture = TestPaths.Fixture("Cli", "slow.dib");
        File.WriteAllText(Path.Combine(_output, "slow.html"), "a stale report from an earlier run");

        var result = WorkbookCli.Run(Path.GetDirectoryName(fixture)!, "run", fixture, "--out", _output, "--profile", "smoke", "--timeout", "25");

        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        Assert.Contains("stopped after 25 s (--timeout) in cell 2 (line ", result.StandardOutput);
        Assert.Equal("1 passed, 1 failed, 1 skipped", OutputLines(result)[^1]);
        string report = File.ReadAllText(Path.Combine(_output, "slow.html"));
        Assert.DoesNotContain("stale report", report);
        Assert.Contains("stopped by --timeout", report);
        Assert.Contains("the notebook stopped before this cell", report);
    }

    [Fact]
    public void Run_KernelThatExitsInACell_ReportsTheCellAndStops()
    {
        string fixture = TestPaths.Fixture("Cli", "exits.dib");

        var result = WorkbookCli.Run(Path.GetDirectoryName(fixture)!, "run", fixture, "--out", _output, "--profile", "smoke");

        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        Assert.Contains("the kernel process exited (code 3) in cell 2 (line 11)", result.StandardOutput);
        Assert.Equal("1 passed, 1 failed, 1 skipped", OutputLines(result)[^1]);
        string report = File.ReadAllText(Path.Combine(_output, "exits.html"));
        Assert.Contains("The kernel process exited (code 3) while this cell ran", report);
        Assert.Contains("the notebook stopped before this cell", report);
    }

    [Fact]
    public void Run_ExceptionOnAPlainThread_CrashesTheKernel_AndTheReportNamesTheCellAndTheException()
    {
        string fixture = TestPaths.Fixture("Cli", "thread-crash.dib");

        var result = WorkbookCli.Run(Path.GetDirectoryName(fixture)!, "run", fixture, "--out", _output, "--profile", "smoke");

        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        Assert.Contains("✗ cell 2 (line 11) FAILED after ", result.StandardOutput);
        Assert.Contains("the kernel process exited (code 134) in cell 2 (line 11)", result.StandardOutput);
        string report = File.ReadAllText(Path.Combine(_output, "thread-crash.html"));
        Assert.Contains("System.InvalidOperationException: on a plain thread", report);   // the kernel's last words on stderr
        Assert.Contains("the notebook stopped before this cell", report);
    }

    [Fact]
    public void Run_UnknownOption_ExitsOneWithUsage()
    {
        var result = WorkbookCli.Run(AppContext.BaseDirectory, "run", "--nonsense", "x");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("workbook: unknown option --nonsense", result.StandardError);
        Assert.Contains("usage: ./workbook", result.StandardError);
    }
}

/// <summary>`workbook lint` in a child process: exit 1 with file:line: error: lines, 0 when clean.</summary>
public sealed class WorkbookLintCliTests
{
    [Fact]
    public void Lint_BrokenNotebook_ExitsOneWithFileLineErrors()
    {
        string fixture = TestPaths.Fixture("Lint", "broken.dib");
        int Line(string text) => Array.FindIndex(File.ReadAllLines(fixture), l => l.StartsWith(text, StringComparison.Ordinal)) + 1;

        var result = WorkbookCli.Run(Path.GetDirectoryName(fixture)!, "lint", "broken.dib");

        Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        var errors = result.StandardOutput.Split('\n').Where(l => l.StartsWith("broken.dib:", StringComparison.Ordinal)).ToList();
        Assert.All(errors, e => Assert.Matches(new Regex(@"^broken\.dib:\d+: error: \S"), e));
        void Expect(int line, string message) =>
            Assert.True(errors.Any(e => e.StartsWith($"broken.dib:{line}: error: ", StringComparison.Ordinal) && e.Contains(message, StringComparison.Ordinal)),
                $"expected broken.dib:{line}: error: …{message}…\n{result.StandardOutput}");

        Expect(1, "the first line must be #!meta");
        Expect(Line("#!time"), "'#!time' is outside the course's portable subset");
        Expect(Line("#r \"nuget: TorchSharp-cpu"), "TorchSharp-cpu 0.106.0: the course pins 0.107.0");
        Expect(Line("#r \"nuget: Plotly.NET\""), "has no version");
        Expect(Line("var text ="), "\"/mnt/someone/data.txt\" is an absolute path");
        Expect(Line("using var"), "a top-level `using var` is not allowed");
        Expect(Line("var cuda"), "torch.cuda.is_available() throws");
        Expect(Line("#!fsharp"), "a #!fsharp cell");
        Assert.EndsWith($"lint: {errors.Count} problem(s) in 1 notebook(s)", result.StandardOutput.TrimEnd());
    }

    [Fact]
    public void Lint_CleanNotebook_ExitsZero()
    {
        string fixture = TestPaths.Fixture("Lint", "clean.dib");

        var result = WorkbookCli.Run(Path.GetDirectoryName(fixture)!, "lint", "clean.dib");

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        Assert.Equal("lint: 1 notebook(s), no problems", result.StandardOutput.Trim());
    }
}
