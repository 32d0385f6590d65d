using System.Diagnostics;

namespace Workbook.Tests.Infrastructure;

/// <summary>
/// Debian's headless Chromium, installed with apt-get on first use when it is missing. When it cannot be had,
/// <see cref="Unavailable"/> says why, and tests skip with that reason rather than pass.
/// </summary>
internal static class Chromium
{
    public const string DefaultPath = "/usr/bin/chromium";

    private static readonly Lazy<(string? Path, string Why)> Located = new(Locate);

    /// <summary>The browser's path, or null when it is not installed and could not be installed.</summary>
    public static string? Path => Located.Value.Path;

    /// <summary>Why there is no browser; empty when there is one.</summary>
    public static string Unavailable => Located.Value.Why;

    /// <summary>Loads a local HTML file, lets its scripts run (10 s of virtual time) and returns the resulting DOM.</summary>
    public static string DumpDom(string htmlFile)
    {
        string profile = TestPaths.NewTempDirectory("chromium-profile");
        try
        {
            var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException(Unavailable))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                $"--user-data-dir={profile}", "--virtual-time-budget=10000",
                // No host name resolves: whatever the page draws, it drew from what the file itself holds.
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--dump-dom", new Uri(htmlFile).AbsoluteUri,
            })
                start.ArgumentList.Add(argument);
            var result = ProcessRunner.Run(start, TimeSpan.FromSeconds(90));
            Assert.True(result.ExitCode == 0, $"chromium exited with {result.ExitCode}:\n{result.StandardError}");
            return result.StandardOutput;
        }
        finally
        {
            TestPaths.DeleteQuietly(profile);
        }
    }

    private static (string?, string) Locate()
    {
        if (File.Exists(DefaultPath))
            return (DefaultPath, "");
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
            return (null, $"Chromium is not installed at {DefaultPath} and this machine has no apt-get to install it with.");

        var log = new System.Text.StringBuilder();
        bool Apt(params string[] arguments)
        {
            var start = new ProcessStartInfo("apt-get") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            foreach (var a in arguments)
                start.ArgumentList.Add(a);
            try
            {
                var result = ProcessRunner.Run(start, TimeSpan.FromMinutes(10));
                log.AppendLine($"$ apt-get {string.Join(' ', arguments)} -> exit {result.ExitCode}").AppendLine(Tail(result.StandardError));
                return result.ExitCode == 0;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
            {
                log.AppendLine($"$ apt-get {string.Join(' ', arguments)} -> {e.Message}");
                return false;
            }
        }

        // Package lists may be missing (fresh containers): update once and try again.
        if (!Apt("install", "-y", "chromium") && Apt("update"))
            Apt("install", "-y", "chromium");
        return File.Exists(DefaultPath)
            ? (DefaultPath, "")
            : (null, $"Chromium is not installed at {DefaultPath} and `apt-get install -y chromium` could not install it:\n{log}");
    }

    private static string Tail(string text) => text.Length > 1500 ? "…" + text[^1500..] : text;
}

/// <summary>Runs a process to completion with a time limit, collecting its output.</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static Result Run(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds:F0} s");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }
}
