using Microsoft.DotNet.Interactive.Documents;
using Workbook.Documents;

namespace Workbook.Engines;

/// <summary>Which real tool runs a notebook.</summary>
public enum Engine
{
    /// <summary>The kernel VS Code starts (`dotnet-interactive stdio`), driven cell by cell as VS Code drives it.</summary>
    Kernel,

    /// <summary>`dotnet-repl --run NB --exit-after-run`, the whole notebook in one go.</summary>
    Repl,
}

/// <summary>The outcome of one cell, with the outputs the engine produced for it.</summary>
public sealed class CellResult(int number, NotebookCell cell)
{
    /// <summary>1-based position in the notebook; markdown cells count.</summary>
    public int Number { get; } = number;
    public NotebookCell Cell { get; } = cell;
    public List<InteractiveDocumentOutputElement> Outputs { get; } = [];
    public DateTimeOffset? Started { get; set; }
    public DateTimeOffset? Ended { get; set; }

    /// <summary>Set when the cell never ran (the notebook was stopped earlier) or was stopped while running.</summary>
    public string? Note { get; set; }

    public bool Ran => Started is not null;

    /// <summary>
    /// The rule dotnet-repl applies for its exit code: a cell failed when its outputs hold an error
    /// (a failed command or an ErrorProduced event).
    /// </summary>
    public bool Failed => Outputs.OfType<ErrorElement>().Any();

    public TimeSpan Elapsed => Started is { } s && Ended is { } e ? e - s : TimeSpan.Zero;

    /// <summary>The first line of the first error, for the console.</summary>
    public string? FailureSummary => Outputs.OfType<ErrorElement>().Select(e => FirstLine(e.ErrorValue)).FirstOrDefault();

    private static string FirstLine(string? text)
    {
        text = (text ?? "").Trim();
        int end = text.IndexOf('\n');
        string line = end < 0 ? text : text[..end].TrimEnd();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}

/// <summary>One notebook run by one engine.</summary>
/// <param name="Problem">Why the run as a whole went wrong (cannot open, tool crashed, timed out); null when it ran to the end.</param>
public sealed record NotebookRun(string Path, Engine Engine, string EngineDescription, string Profile, DateTimeOffset Started,
    TimeSpan Elapsed, IReadOnlyList<CellResult> Cells, string? Problem)
{
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>
    /// The peak resident memory of the engine's process tree while it ran (<see cref="ProcessTreeMemory"/>), in bytes;
    /// null where it was not measured (no /proc, or the engine never started).
    /// </summary>
    public long? PeakResidentBytes { get; init; }

    public int Passed => Cells.Count(c => c.Cell.IsCode && c.Ran && !c.Failed);

    /// <summary>Failed code cells; a run that went wrong without a failed cell counts as one failure.</summary>
    public int Failed => Cells.Count(c => c.Cell.IsCode && c.Failed) is var n && n == 0 && Problem is not null ? 1 : n;

    public int NotRun => Cells.Count(c => c.Cell.IsCode && !c.Ran && !c.Failed);

    public bool Succeeded => Problem is null && Failed == 0 && NotRun == 0;

    /// <summary>Code cell number → passed, for comparing two engines cell by cell.</summary>
    public IReadOnlyDictionary<int, bool> Outcomes =>
        Cells.Where(c => c.Cell.IsCode && (c.Ran || c.Failed)).ToDictionary(c => c.Number, c => !c.Failed);
}

/// <summary>The start every engine's run shares: the clock, the banner, and the notebook read by the real parser.</summary>
internal sealed class RunStart
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private RunStart(string notebook, Engine engine, string description, RunSettings settings)
    {
        Notebook = notebook;
        Engine = engine;
        Description = description;
        Settings = settings;
    }

    public string Notebook { get; }
    public Engine Engine { get; }
    public string Description { get; }
    public RunSettings Settings { get; }
    public DateTimeOffset Started { get; } = DateTimeOffset.Now;

    /// <summary>The parsed notebook; null when it cannot be opened (<see cref="OpenProblem"/> says why).</summary>
    public NotebookDocument? Document { get; private set; }
    public string? OpenProblem { get; private set; }

    public static RunStart Begin(string notebook, Engine engine, string description, RunSettings settings, string bannerNote = "")
    {
        var start = new RunStart(Path.GetFullPath(notebook), engine, description, settings);
        settings.Console?.WriteLine($"▶ {Path.GetFileName(start.Notebook)} · profile {settings.ProfileLabel} · {description}{bannerNote}");
        try
        {
            start.Document = NotebookDocument.Load(start.Notebook);
        }
        catch (Exception e) when (e is NotebookFormatException or IOException)
        {
            start.OpenProblem = $"cannot open {start.Notebook}: {e.Message}";
            settings.Console?.WriteLine($"  ✗ {start.OpenProblem}");
        }
        return start;
    }

    /// <summary>One result per cell of the notebook, numbered from 1 (markdown cells count).</summary>
    public List<CellResult> NewCells() => Document!.Cells.Select((c, i) => new CellResult(i + 1, c)).ToList();

    /// <param name="peakResidentBytes">What <see cref="ProcessTreeMemory"/> measured of the engine; null when it did not start.</param>
    public NotebookRun Finish(IReadOnlyList<CellResult> cells, string? problem, long? peakResidentBytes = null) =>
        new(Notebook, Engine, Description, Settings.ProfileLabel, Started, _clock.Elapsed, cells, problem) { PeakResidentBytes = peakResidentBytes };
}
