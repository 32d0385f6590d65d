using System.Globalization;

namespace Workbook.Engines;

/// <summary>
/// The peak resident memory of a process and every process it starts, read from Linux's /proc while they run: every
/// half second it sums, over the live tree, each process's VmHWM (the kernel's own high-water mark of its resident
/// set; VmRSS where a kernel gives no VmHWM) and keeps the largest sum. VmHWM catches a peak between two samples, so
/// for the engine process, where the notebook's tensors live, the figure is exact; for a tree it is an upper bound of
/// what was resident at once (two processes' peaks are counted together though they may have come at different
/// times), and a child that starts and ends between two samples is missed. Resident pages include shared libraries.
/// Null where there is no /proc (not Linux) or the process ended before the first sample.
/// </summary>
public sealed class ProcessTreeMemory : IAsyncDisposable
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(500);

    private readonly int _root;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;
    private long _peak = -1;

    private ProcessTreeMemory(int root, TimeSpan interval)
    {
        _root = root;
        _polling = Directory.Exists("/proc/self") ? Task.Run(() => PollAsync(interval)) : Task.CompletedTask;
    }

    /// <summary>Starts watching the tree under <paramref name="rootPid"/> (a process just started); stop with <see cref="StopAsync"/>.</summary>
    public static ProcessTreeMemory Watch(int rootPid, TimeSpan? interval = null) => new(rootPid, interval ?? DefaultInterval);

    /// <summary>The peak so far in bytes; null before the first sample and where /proc is not there.</summary>
    public long? PeakBytes => Interlocked.Read(ref _peak) is var peak && peak >= 0 ? peak : null;

    /// <summary>Stops sampling (call it once the process has ended: its last sample stands) and returns the peak.</summary>
    public async Task<long?> StopAsync()
    {
        if (!_stop.IsCancellationRequested)
            await _stop.CancelAsync();
        await _polling;
        return PeakBytes;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task PollAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                // The root gone (reaped) means the tree's memory is what was sampled last; its orphans are no longer the run's.
                if (Sample() is not { } total)
                    return;
                if (total > Interlocked.Read(ref _peak))
                    Interlocked.Exchange(ref _peak, total);
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The summed high-water marks of the live tree in bytes; null when the root process is no longer there.</summary>
    private long? Sample()
    {
        if (PeakOf(_root) is not { } total)
            return null;
        foreach (int pid in Descendants(_root))
            total += PeakOf(pid) ?? 0;
        return total;
    }

    /// <summary>
    /// Every process below <paramref name="root"/>, found from each process's parent in /proc/PID/stat: a scan of
    /// /proc works on every kernel, where /proc/PID/task/TID/children needs CONFIG_PROC_CHILDREN.
    /// </summary>
    internal static List<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (string folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                continue;
            if (ParentOf(pid) is not { } parent)
                continue;
            if (!children.TryGetValue(parent, out var siblings))
                children[parent] = siblings = [];
            siblings.Add(pid);
        }
        var found = new List<int>();
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out int pid))
        {
            foreach (int child in children.GetValueOrDefault(pid) ?? [])
            {
                found.Add(child);
                pending.Push(child);
            }
        }
        return found;
    }

    /// <summary>The parent's pid from /proc/PID/stat ("pid (comm) state ppid …"; comm may hold spaces and parentheses).</summary>
    private static int? ParentOf(int pid)
    {
        string? stat = ReadOrNull($"/proc/{pid}/stat");
        int end = stat?.LastIndexOf(')') ?? -1;
        if (end < 0)
            return null;
        string[] fields = stat![(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int parent) ? parent : null;
    }

    /// <summary>
    /// A process's peak resident set in bytes: VmHWM, else VmRSS, from /proc/PID/status; null when the process is gone
    /// (or a zombie, whose status has neither line).
    /// </summary>
    internal static long? PeakOf(int pid)
    {
        string? status = ReadOrNull($"/proc/{pid}/status");
        if (status is null)
            return null;
        long? rss = null;
        foreach (string line in status.Split('\n'))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return Kilobytes(line) * 1024;
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                rss = Kilobytes(line) * 1024;
        }
        return rss;
    }

    /// <summary>The number of a "VmHWM:    208900 kB" line.</summary>
    private static long? Kilobytes(string line) =>
        long.TryParse(line[(line.IndexOf(':') + 1)..].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kb) ? kb : null;

    /// <summary>A /proc file's text, or null when the process ended meanwhile (its folder is gone, or may no longer be read).</summary>
    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
