namespace Workbook.Execution;

/// <summary>Something a cell produced, in the order it appeared. Maps one-to-one onto Jupyter output kinds.</summary>
public abstract record CellOutput;

/// <summary>Text written to Console.Out ("stdout") or Console.Error ("stderr").</summary>
public sealed record StreamOutput(string Name, string Text) : CellOutput;

/// <summary>A displayed value: MIME type to formatted text. <see cref="Data"/> is replaced when the value is updated.</summary>
public sealed record DisplayOutput(IReadOnlyDictionary<string, string> Data) : CellOutput
{
    public IReadOnlyDictionary<string, string> Data { get; set; } = Data;
}

/// <summary>Why a cell failed: a compile error, an exception, or a directive the runner refused.</summary>
public sealed record ErrorOutput(string Name, string Value, IReadOnlyList<string> Traceback) : CellOutput;

/// <summary>The outcome of one cell.</summary>
public sealed class CellRun(int number, Documents.DibCell cell)
{
    /// <summary>1-based position of the cell in the notebook (markdown cells count).</summary>
    public int Number { get; } = number;
    public Documents.DibCell Cell { get; } = cell;
    public List<CellOutput> Outputs { get; } = [];
    public bool Failed { get; set; }
    /// <summary>One line saying why the cell failed, for the console.</summary>
    public string? FailureSummary { get; set; }
    /// <summary>Line where the failure happened: in the notebook, or in <see cref="FailureFile"/> when that is set.</summary>
    public int? FailureLine { get; set; }
    /// <summary>The imported file (relative to the notebook's folder) the failure happened in; null for the notebook itself.</summary>
    public string? FailureFile { get; set; }
    /// <summary>"line 12" or "setup/course.dib:4".</summary>
    public string FailureLocation => FailureFile is null ? $"line {FailureLine}" : $"{FailureFile}:{FailureLine}";
    public DateTimeOffset Started { get; set; }
    public DateTimeOffset Ended { get; set; }
}
