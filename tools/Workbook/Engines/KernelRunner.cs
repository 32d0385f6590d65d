using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using Workbook.Documents;

namespace Workbook.Engines;

/// <summary>
/// Runs a notebook in the kernel VS Code starts, cell by cell as VS Code's "Run All" does: a fresh
/// `dotnet-interactive stdio` in the notebook's folder, one SubmitCode per code cell (markdown cells are not
/// submitted), each awaited before the next, later cells run after a failed one. Events become outputs the
/// way dotnet-repl turns them into its .ipynb, except that a display event whose value id was seen before
/// replaces that output, as VS Code's client does. A cell fails when an error is among its outputs, dotnet-repl's rule.
/// </summary>
public static partial class KernelRunner
{
    public static async Task<NotebookRun> RunAsync(DotnetTool tool, string notebook, RunSettings settings)
    {
        var start = RunStart.Begin(notebook, Engine.Kernel, $"VS Code's kernel ({tool})", settings);
        if (start.Document is null)
            return start.Finish([], start.OpenProblem);
        var console = settings.Console;
        var cells = start.NewCells();
        using var limit = new CancellationTokenSource(settings.Timeout ?? Timeout.InfiniteTimeSpan);
        string? problem = null;
        StdioKernel? kernel = null;
        try
        {
            kernel = await StdioKernel.StartAsync(tool, Path.GetDirectoryName(start.Notebook)!, settings.Environment, limit.Token);
            int codeCells = cells.Count(c => c.Cell.IsCode), index = 0;
            foreach (var cell in cells.Where(c => c.Cell.IsCode))
            {
                console?.WriteLine($"  [{++index}/{codeCells}] cell {cell.Number}, line {cell.Cell.FirstLine}");
                bool finished = await RunCellAsync(kernel, cell, console, limit.Token);
                if (!finished)
                {
                    problem = $"the kernel process exited (code {kernel.ExitCode}) in cell {cell.Number} (line {cell.Cell.FirstLine})";
                    cell.Outputs.Add(new ErrorElement(errorName: "Error", errorValue: $"The kernel process exited (code {kernel.ExitCode}) while this cell ran. Its last words on stderr:\n{Tail(kernel.StandardError)}", stackTrace: []));
                }
                console?.WriteLine(cell.Failed
                    ? $"      ✗ cell {cell.Number} (line {cell.Cell.FirstLine}) FAILED after {cell.Elapsed.TotalSeconds:F1} s: {cell.FailureSummary}"
                    : $"      ✓ {cell.Elapsed.TotalSeconds:F1} s");
                if (!finished)
                    break;
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            kernel?.Kill();
            var current = cells.FirstOrDefault(c => c.Cell.IsCode && c.Started is not null && c.Ended is null);
            string where = current is null ? "while the kernel started" : $"in cell {current.Number} (line {current.Cell.FirstLine})";
            problem = $"stopped after {settings.Timeout!.Value.TotalSeconds:F0} s (--timeout) {where}";
            if (current is not null)
            {
                current.Ended = DateTimeOffset.Now;
                current.Note = "stopped by --timeout";
                current.Outputs.Add(new ErrorElement(errorName: "Error", errorValue: $"Stopped: the notebook ran past its {settings.Timeout.Value.TotalSeconds:F0} s limit (--timeout) in this cell.", stackTrace: []));
            }
            console?.WriteLine($"  ✗ {problem}");
        }
        catch (KernelExitedException e)
        {
            problem = e.Message;
            console?.WriteLine($"  ✗ {problem}");
        }
        catch (IOException e) when (kernel is { HasExited: true })
        {
            // The kernel ended between two cells: the next submission could not be written to it.
            problem = $"the kernel process exited (code {kernel.ExitCode}) between cells: {e.Message}\n{Tail(kernel.StandardError)}";
            console?.WriteLine($"  ✗ {problem}");
        }
        finally
        {
            if (kernel is not null)
                await kernel.DisposeAsync();
        }
        foreach (var cell in cells.Where(c => c.Cell.IsCode && !c.Ran))
            cell.Note = "the notebook stopped before this cell";
        return start.Finish(cells, problem, kernel?.PeakResidentBytes);
    }

    /// <summary>Runs one cell; false when the kernel process ended before the cell finished.</summary>
    private static async Task<bool> RunCellAsync(StdioKernel kernel, CellResult cell, TextWriter? console, CancellationToken cancellation)
    {
        cell.Started = DateTimeOffset.Now;
        var displays = new Dictionary<string, int>(StringComparer.Ordinal);     // valueId -> index in Outputs
        var echo = new ConsoleEcho(console);
        bool finished = false;
        await foreach (var e in kernel.SubmitAsync(cell.Cell.Source, cell.Cell.KernelName, cancellation))
        {
            switch (e.Type)
            {
                case "StandardOutputValueProduced" or "StandardErrorValueProduced":
                    string stream = e.Type == "StandardOutputValueProduced" ? "stdout" : "stderr";
                    string text = e.FormattedValues().GetValueOrDefault("text/plain", "");
                    if (cell.Outputs.Count > 0 && cell.Outputs[^1] is TextElement last && last.Name == stream)
                        cell.Outputs[^1] = new TextElement(last.Text + text, stream);
                    else
                        cell.Outputs.Add(new TextElement(text, stream));
                    echo.Text(text);
                    break;
                case "DisplayedValueProduced" or "DisplayedValueUpdated" or "ReturnValueProduced":
                {
                    // As VS Code's client does: an output is known by its value id; a display event with an id seen
                    // before replaces that output, any other is appended.
                    var data = e.FormattedValues();
                    if (data.Count == 0)
                        break;
                    var element = new DisplayElement(data.ToDictionary(kv => kv.Key, kv => (object)kv.Value));
                    string? id = e.String("valueId");
                    bool seen = id is not null && displays.ContainsKey(id);
                    if (seen)
                        cell.Outputs[displays[id!]] = element;
                    else
                    {
                        if (id is not null)
                            displays[id] = cell.Outputs.Count;
                        cell.Outputs.Add(element);
                    }
                    echo.Display(id, data, isUpdate: seen);
                    break;
                }
                case "ErrorProduced":
                    cell.Outputs.Add(new ErrorElement(errorName: "Error", errorValue: e.String("message") ?? "", stackTrace: []));
                    break;
                case "CommandFailed":
                    cell.Outputs.Add(new ErrorElement(errorName: "Error", errorValue: e.String("message") ?? "the command failed", stackTrace: []));
                    finished = true;
                    break;
                case "CommandSucceeded":
                    finished = true;
                    break;
            }
        }
        echo.Flush();
        cell.Ended = DateTimeOffset.Now;
        return finished;
    }

    private static string Tail(string text) => text.Length > 3000 ? "…" + text[^3000..] : text;

    /// <summary>
    /// Echoes a cell's output to the console while it runs: text as it comes, a display as one line, and an
    /// updated display (a progress line, a live chart) at most every two seconds, plus its last state.
    /// </summary>
    private sealed partial class ConsoleEcho(TextWriter? console)
    {
        private readonly Dictionary<string, (DateTime Shown, string? Pending)> _updates = new(StringComparer.Ordinal);
        private readonly System.Text.StringBuilder _partialLine = new();

        public void Text(string text)
        {
            if (console is null)
                return;
            _partialLine.Append(text.Replace("\r\n", "\n", StringComparison.Ordinal));
            string buffered = _partialLine.ToString();
            int end = buffered.LastIndexOf('\n');
            if (end < 0)
                return;
            foreach (var line in buffered[..end].Split('\n'))
                console.WriteLine($"      | {line}");
            _partialLine.Clear().Append(buffered[(end + 1)..]);
        }

        public void Display(string? valueId, IReadOnlyDictionary<string, string> data, bool isUpdate)
        {
            if (console is null)
                return;
            string line = Summarize(data);
            if (valueId is null)
            {
                Write(line);
                return;
            }
            var now = DateTime.UtcNow;
            if (isUpdate && _updates.TryGetValue(valueId, out var state) && now - state.Shown < TimeSpan.FromSeconds(2))
            {
                _updates[valueId] = (state.Shown, line);
                return;
            }
            _updates[valueId] = (now, null);
            Write(line);
        }

        public void Flush()
        {
            foreach (var (_, state) in _updates)
                if (state.Pending is not null)
                    Write(state.Pending);
            _updates.Clear();
            if (_partialLine.Length > 0)
                console?.WriteLine($"      | {_partialLine}");
            _partialLine.Clear();
        }

        private void Write(string line)
        {
            console!.WriteLine($"      | {line}");
        }

        private static string Summarize(IReadOnlyDictionary<string, string> data)
        {
            string text;
            if (data.TryGetValue("text/plain", out var plain))
                text = plain;
            else if (data.TryGetValue("text/html", out var html))
            {
                if (Reports.HtmlReport.IsChart(html))
                    return "(chart)";
                if (html.Contains("<table", StringComparison.OrdinalIgnoreCase))
                    return "(table)";
                text = System.Net.WebUtility.HtmlDecode(Tags().Replace(Styles().Replace(html, ""), " "));
            }
            else
                return $"({string.Join(", ", data.Keys)})";
            text = Spaces().Replace(text, " ").Trim();
            return text.Length > 160 ? text[..160] + "…" : text;
        }

        [GeneratedRegex("<style.*?</style>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
        private static partial Regex Styles();

        [GeneratedRegex("<[^>]+>")]
        private static partial Regex Tags();

        [GeneratedRegex(@"\s+")]
        private static partial Regex Spaces();
    }
}
