using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Workbook.Engines;

/// <summary>
/// The kernel VS Code's Polyglot Notebooks extension starts, `dotnet-interactive [vscode] stdio --working-dir DIR`,
/// driven the way the extension drives it: one SubmitCode command per cell, written as a line of JSON on stdin,
/// and the events for it read back from stdout until the command succeeds or fails.
/// </summary>
public sealed class StdioKernel : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<KernelEvent> _events = Channel.CreateUnbounded<KernelEvent>();
    private readonly StringBuilder _stderr = new();
    private readonly Task _reader;
    private readonly ProcessTreeMemory _memory;
    private int _submissions;

    private StdioKernel(Process process)
    {
        _process = process;
        _memory = ProcessTreeMemory.Watch(process.Id);
        _reader = Task.Run(ReadEventsAsync);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (_stderr)
            {
                if (_stderr.Length < 64_000)
                    _stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>What the kernel wrote on stderr so far (the start of it, up to 64,000 characters).</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The peak resident memory of the kernel and the processes it started, in bytes; final once disposed.</summary>
    public long? PeakResidentBytes => _memory.PeakBytes;

    /// <summary>The exit code once the process has ended (its stdout can close a moment before); -1 if it is still running.</summary>
    public int ExitCode
    {
        get
        {
            _process.WaitForExit(5000);
            return _process.HasExited ? _process.ExitCode : -1;
        }
    }

    /// <summary>Starts the kernel in a folder and waits until it says it is ready.</summary>
    public static async Task<StdioKernel> StartAsync(DotnetTool tool, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment, CancellationToken cancellation)
    {
        // The arguments VS Code passes (polyglot-notebooks-vscode package.json, dotnet-interactive.kernelTransportArgs).
        var start = tool.StartInfo(workingDirectory, ["[vscode]", "stdio", "--working-dir", workingDirectory], environment);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var kernel = new StdioKernel(process);
        try
        {
            while (true)
            {
                var e = await kernel.NextAsync(cancellation);
                if (e is null)
                    throw new KernelExitedException($"{tool} exited (code {kernel.ExitCode}) before it was ready.\n{kernel.StandardError}");
                if (e.Type == "KernelReady")
                    return kernel;
            }
        }
        catch
        {
            await kernel.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Submits code to a kernel and streams the events that belong to it, the last one being CommandSucceeded or
    /// CommandFailed for this submission. Ends early (without that last event) when the kernel process exits.
    /// </summary>
    public async IAsyncEnumerable<KernelEvent> SubmitAsync(string code, string kernelName,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        string token = $"workbook-{++_submissions}";
        string command = JsonSerializer.Serialize(new
        {
            token,
            commandType = "SubmitCode",
            command = new { code, targetKernelName = kernelName },
        });
        await _process.StandardInput.WriteLineAsync(command.AsMemory(), cancellation);
        await _process.StandardInput.FlushAsync(cancellation);
        while (true)
        {
            var e = await NextAsync(cancellation);
            if (e is null)
                yield break;
            if (!e.BelongsTo(token))
                continue;
            yield return e;
            if (e.Token == token && e.Type is "CommandSucceeded" or "CommandFailed")
                yield break;
        }
    }

    private async Task<KernelEvent?> NextAsync(CancellationToken cancellation)
    {
        try
        {
            return await _events.Reader.ReadAsync(cancellation);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    private async Task ReadEventsAsync()
    {
        try
        {
            string? line;
            while ((line = await _process.StandardOutput.ReadLineAsync()) is not null)
            {
                if (KernelEvent.TryParse(line) is { } e)
                    await _events.Writer.WriteAsync(e);
            }
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(2000))
                    _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }
        await _process.WaitForExitAsync();
        await _memory.DisposeAsync();
        await _reader;
        _process.Dispose();
    }

    /// <summary>Ends the kernel at once, with every process it started.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }
}

/// <summary>The kernel process ended when it should have been running.</summary>
public sealed class KernelExitedException(string message) : Exception(message);
