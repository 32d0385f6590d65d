using System.Globalization;
using System.Text;
using Workbook.Engines;

namespace Workbook.Reports;

/// <summary>
/// The table a dry run leaves in its output folder as peak-memory.md and prints: per notebook its outcome, wall time and
/// the peak resident memory of its engine (<see cref="ProcessTreeMemory"/>), the figure to size a GPU machine's host memory by.
/// </summary>
public static class PeakMemoryReport
{
    public const string FileName = "peak-memory.md";

    /// <param name="heading">What was run, for the title line.</param>
    public static string Markdown(IReadOnlyList<NotebookRun> runs, string heading)
    {
        var text = new StringBuilder();
        text.Append("# ").AppendLine(heading).AppendLine();
        text.AppendLine("Peak resident memory: the engine's process tree, each process's high-water mark (VmHWM) summed over the live tree, sampled every 0.5 s.");
        text.AppendLine();
        text.AppendLine("| notebook | outcome | seconds | peak resident memory (MiB) |");
        text.AppendLine("|---|---|---:|---:|");
        foreach (var run in runs)
        {
            string seconds = run.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
            text.AppendLine($"| {Cell(run.Name)} | {Cell(Outcome(run))} | {seconds} | {MiB(run.PeakResidentBytes) ?? "not measured"} |");
        }
        return text.ToString();
    }

    /// <summary>"passed", or "failed: " and the first line of why: the run's problem, else its first failed cell.</summary>
    public static string Outcome(NotebookRun run)
    {
        if (run.Succeeded)
            return "passed";
        if (run.Problem is not null)
            return $"failed: {run.Problem.Split('\n')[0].TrimEnd()}";
        if (run.Cells.FirstOrDefault(c => c.Cell.IsCode && c.Failed) is { } cell)
            return $"failed: cell {cell.Number} (line {cell.Cell.FirstLine}): {cell.FailureSummary}";
        return $"failed: {run.NotRun} cell(s) did not run";
    }

    /// <summary>Whole mebibytes; null when nothing was measured.</summary>
    public static string? MiB(long? bytes) => bytes is { } b ? (b / (1024.0 * 1024.0)).ToString("F0", CultureInfo.InvariantCulture) : null;

    /// <summary>A table cell's text: a pipe would end the cell, a line break the row.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');
}
