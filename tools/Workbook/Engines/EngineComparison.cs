namespace Workbook.Engines;

/// <summary>Compares two runs of one notebook, cell by cell: which cells passed and which failed.</summary>
public static class EngineComparison
{
    /// <summary>One line per cell whose outcome differs (or that only one engine ran); empty when they agree.</summary>
    public static List<string> Differences(NotebookRun a, NotebookRun b)
    {
        var differences = new List<string>();
        if (a.Problem is not null || b.Problem is not null)
            differences.Add($"{a.EngineDescription}: {a.Problem ?? "ran to the end"}; {b.EngineDescription}: {b.Problem ?? "ran to the end"}");
        foreach (int cell in a.Outcomes.Keys.Union(b.Outcomes.Keys).Order())
        {
            string Outcome(NotebookRun run) => run.Outcomes.TryGetValue(cell, out var passed) ? (passed ? "passed" : "failed") : "did not run";
            if (Outcome(a) != Outcome(b))
                differences.Add($"cell {cell} {Outcome(a)} in {a.EngineDescription} but {Outcome(b)} in {b.EngineDescription}");
        }
        return differences;
    }
}
