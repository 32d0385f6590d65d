using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Workbook.Results;

/// <summary>The facts a timing needs beside it: the commit, whether the tree was dirty, the cores and how busy they were.</summary>
public static class MachineState
{
    /// <summary>Files that recording itself changes: they do not make a run "dirty".</summary>
    public static readonly string[] RecordingFiles = ["notebooks/" + ResultsFile.FileName, "README.md"];

    /// <summary>SHA-256 of a file's bytes, lower-case hex.</summary>
    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>The 1-minute load average (/proc/loadavg); null where there is none.</summary>
    public static double? LoadAverage()
    {
        try
        {
            string text = File.ReadAllText("/proc/loadavg");
            return double.TryParse(text.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>HEAD's commit id; null when git is missing or this is not a repository.</summary>
    public static string? Commit(string root) => Git(root, "rev-parse", "HEAD")?.Trim() is { Length: 40 } id ? id : null;

    /// <summary>Whether tracked or untracked files differ from HEAD, apart from <see cref="RecordingFiles"/>; null when git cannot say.</summary>
    public static bool? Dirty(string root)
    {
        string[] args = ["status", "--porcelain", "--", ".", .. RecordingFiles.Select(f => $":(exclude){f}")];
        return Git(root, args) is { } status ? status.Trim().Length > 0 : null;
    }

    private static string? Git(string root, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start);
            if (process is null)
                return null;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return process.ExitCode == 0 ? output.GetAwaiter().GetResult() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;   // no git on PATH
        }
    }
}
