using System.Diagnostics;
using Workbook.Engines;

namespace Workbook.Tests.Engines;

/// <summary>The peak resident memory of a process tree, read from /proc: a process holding 200 MB, the same in a child, a process gone at once.</summary>
public sealed class ProcessTreeMemoryTests
{
    private const long Megabyte = 1_000_000;

    /// <summary>Python holding 200 MB (bytearray fills, so every page is touched) for a second, long enough for several samples.</summary>
    private const string Holds200MB = "b = bytearray(200_000_000); import time; time.sleep(1)";

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private static string? Python3 => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(folder => Path.Combine(folder, "python3")).FirstOrDefault(File.Exists);

    private static void SkipWithoutProcOrPython()
    {
        Skip.IfNot(Directory.Exists("/proc/self"), "no /proc: peak memory is measured on Linux only");
        Skip.If(Python3 is null, "no python3 on PATH to allocate memory with");
    }

    private static async Task<long?> PeakOfAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        await using var memory = ProcessTreeMemory.Watch(process.Id, Interval);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        Assert.Equal(0, process.ExitCode);
        return await memory.StopAsync();
    }

    [SkippableFact]
    public async Task Watch_AProcessHolding200MB_MeasuresItsPeak()
    {
        SkipWithoutProcOrPython();

        long? peak = await PeakOfAsync(Python3!, "-c", Holds200MB);

        Assert.NotNull(peak);
        Assert.InRange(peak.Value, 190 * Megabyte, 320 * Megabyte);   // the array and Python itself (about 10 MB)
    }

    [SkippableFact]
    public async Task Watch_AChildHolding200MB_CountsTheWholeTree()
    {
        SkipWithoutProcOrPython();

        // `; true`: bash must stay the parent (it would exec a lone command and be replaced by it).
        long? peak = await PeakOfAsync("bash", "-c", $"'{Python3}' -c '{Holds200MB}'; true");

        Assert.NotNull(peak);
        Assert.InRange(peak.Value, 190 * Megabyte, 330 * Megabyte);
    }

    [SkippableFact]
    public async Task Watch_AProcessThatEndsAtOnce_GivesASmallPeakOrNone()
    {
        Skip.IfNot(Directory.Exists("/proc/self"), "no /proc: peak memory is measured on Linux only");

        long? peak = await PeakOfAsync("true");

        // Gone before the first sample (null), or caught while starting: a few MB.
        Assert.True(peak is null || peak < 50 * Megabyte, $"peak {peak} bytes");
    }

    [SkippableFact]
    public async Task Watch_WhileRunning_PeakOnlyGrows()
    {
        SkipWithoutProcOrPython();
        var start = new ProcessStartInfo(Python3!) { UseShellExecute = false };
        foreach (var argument in new[] { "-c", "import time; time.sleep(0.4); b = bytearray(100_000_000); del b; time.sleep(0.8)" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        await using var memory = ProcessTreeMemory.Watch(process.Id, Interval);

        await process.WaitForExitAsync();
        long? peak = await memory.StopAsync();

        // The array was freed before the end, but the high-water mark keeps it.
        Assert.NotNull(peak);
        Assert.True(peak >= 95 * Megabyte, $"peak {peak} bytes");
        Assert.Equal(peak, memory.PeakBytes);
    }
}
