using System.Diagnostics;

namespace Benchmarks;

/// <summary>The process's resident set: now (VmRSS) and its high-water mark (VmHWM), in MiB.</summary>
/// <remarks>
/// Read from /proc/self/status on Linux, which counts libtorch's native allocations as well as the managed heap;
/// elsewhere Process.WorkingSet64 / PeakWorkingSet64, which .NET fills from the same source where it can.
/// </remarks>
internal static class ProcessMemory
{
    public static double CurrentMiB() => Read("VmRSS:") ?? Bytes(p => p.WorkingSet64);

    public static double PeakMiB() => Read("VmHWM:") ?? Bytes(p => p.PeakWorkingSet64);

    private static double? Read(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
            return null;
        foreach (string line in File.ReadLines(status))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Replace("kB", "", StringComparison.Ordinal).Trim()) / 1024.0;   // "VmRSS:  123456 kB"
        }
        return null;
    }

    private static double Bytes(Func<Process, long> read)
    {
        using var process = Process.GetCurrentProcess();
        return read(process) / (1024.0 * 1024.0);
    }
}
