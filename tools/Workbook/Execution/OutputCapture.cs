using System.Text;
using Microsoft.DotNet.Interactive.Formatting;
using Workbook.Kernel;

namespace Workbook.Execution;

/// <summary>
/// While a cell runs, collects what it writes to Console.Out/Error and what it displays, in order, into the
/// cell's outputs, and echoes it live to the terminal (indented, updates at most every 2 seconds) so a long
/// training cell shows its progress.
/// </summary>
internal sealed class OutputCapture : IDisposable
{
    private readonly CellRun _run;
    private readonly TextWriter? _echo;
    private readonly TextWriter _savedOut = Console.Out;
    private readonly TextWriter _savedError = Console.Error;
    private readonly Dictionary<string, (DisplayOutput Output, DateTime LastEcho, bool Unechoed)> _displays = [];
    private readonly object _gate = new();
    private readonly StringBuilder _echoLine = new();

    public OutputCapture(CellRun run, TextWriter? echo)
    {
        _run = run;
        _echo = echo;
        Console.SetOut(TextWriter.Synchronized(new StreamWriter(this, "stdout")));
        Console.SetError(TextWriter.Synchronized(new StreamWriter(this, "stderr")));
        KernelOutput.Sink = OnDisplay;
    }

    public void Dispose()
    {
        Console.Out.Flush();
        Console.Error.Flush();
        Console.SetOut(_savedOut);
        Console.SetError(_savedError);
        KernelOutput.Sink = null;
        lock (_gate)
        {
            if (_echoLine.Length > 0)
                EchoLine(_echoLine.ToString());
            _echoLine.Clear();
            // Updates that came faster than the echo interval: show where each display ended up.
            foreach (var (output, _, unechoed) in _displays.Values)
                if (unechoed)
                    EchoDisplay(output.Data);
        }
    }

    /// <summary>Adds an output produced by the runner itself (installed packages, an error).</summary>
    public void Add(CellOutput output)
    {
        lock (_gate)
        {
            _run.Outputs.Add(output);
            if (output is DisplayOutput display)
                EchoDisplay(display.Data);
        }
    }

    private void Append(string stream, string text)
    {
        lock (_gate)
        {
            if (_run.Outputs.Count > 0 && _run.Outputs[^1] is StreamOutput last && last.Name == stream)
                _run.Outputs[^1] = last with { Text = last.Text + text };
            else
                _run.Outputs.Add(new StreamOutput(stream, text));

            foreach (char c in text)
            {
                if (c == '\n')
                {
                    EchoLine(_echoLine.ToString());
                    _echoLine.Clear();
                }
                else if (c != '\r')
                    _echoLine.Append(c);
            }
        }
    }

    private void OnDisplay(DisplayedValue value, bool isUpdate)
    {
        var data = value.FormattedValues.ToDictionary(v => v.MimeType, v => v.Value);
        lock (_gate)
        {
            if (isUpdate && _displays.TryGetValue(value.DisplayId, out var shown))
            {
                shown.Output.Data = data;   // replaced in place, as VS Code does
                bool echo = DateTime.UtcNow - shown.LastEcho > TimeSpan.FromSeconds(2);
                if (echo)
                    EchoDisplay(data);
                _displays[value.DisplayId] = (shown.Output, echo ? DateTime.UtcNow : shown.LastEcho, !echo);
                return;
            }
            var output = new DisplayOutput(data);
            _run.Outputs.Add(output);
            _displays[value.DisplayId] = (output, DateTime.UtcNow, false);
            EchoDisplay(data);
        }
    }

    private void EchoDisplay(IReadOnlyDictionary<string, string> data)
    {
        if (data.TryGetValue("text/plain", out var text))
            foreach (var line in text.Split('\n').Take(8))
                EchoLine(line.TrimEnd('\r'));
        else
            EchoLine($"[{string.Join(", ", data.Keys)}]");
    }

    private void EchoLine(string line) => _echo?.WriteLine("      │ " + line);

    /// <summary>The TextWriter installed as Console.Out or Console.Error.</summary>
    private sealed class StreamWriter(OutputCapture owner, string stream) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => owner.Append(stream, value.ToString());
        public override void Write(string? value)
        {
            if (!string.IsNullOrEmpty(value))
                owner.Append(stream, value);
        }
        public override void Write(char[] buffer, int index, int count) => owner.Append(stream, new string(buffer, index, count));
    }
}
