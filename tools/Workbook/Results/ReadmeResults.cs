using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Workbook.Lint;

namespace Workbook.Results;

/// <summary>A course notebook as the README's measured part sees it: its name (NN-name) and the SHA-256 of its .dib today.</summary>
public sealed record CourseNotebook(string Name, string Sha256)
{
    public string Number => Name[..2];
}

/// <summary>
/// The README's measured numbers, generated from the results file so that no number stays there that nobody
/// measured. Two parts, each between markers: the course table's last column (one cell per row, the rest of the
/// row is hand-written, the target included) and a block with every notebook's recorded checks and the course's
/// measured total. A record of an older version of a notebook (another .dib hash) is shown as such; a notebook with
/// no record says "not measured". `./workbook results readme` writes both parts; `./workbook lint` fails when the
/// README's text differs from what the results file gives.
/// </summary>
public static partial class ReadmeResults
{
    public const string Profile = "cpu";
    public const string TableBegin = "<!-- results:table begin: the last column is written by ./workbook results readme from notebooks/results.json -->";
    public const string TableEnd = "<!-- results:table end -->";
    public const string BlockBegin = "<!-- results:cpu begin: written by ./workbook results readme from notebooks/results.json; do not edit -->";
    public const string BlockEnd = "<!-- results:cpu end -->";
    public const string Fix = "run ./workbook results readme (./workbook export does it too)";

    /// <summary>The course's notebooks (notebooks/NN-name.dib) with today's hashes.</summary>
    public static List<CourseNotebook> CourseNotebooks(RepoLayout repo) =>
        Directory.GetFiles(repo.Notebooks, "*.dib").Where(f => RunRecorder.IsCourseNotebook(repo, f)).Order(StringComparer.Ordinal)
            .Select(f => new CourseNotebook(Path.GetFileNameWithoutExtension(f), MachineState.Sha256(f))).ToList();

    /// <summary>The README with both generated parts written from the results file.</summary>
    /// <exception cref="ReadmeFormatException">A marker is missing, or a table row cannot be matched to a notebook.</exception>
    public static string Generate(string readme, ResultsFile results, IReadOnlyList<CourseNotebook> notebooks)
    {
        var lines = readme.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var (tableStart, tableEnd) = Markers(lines, TableBegin, TableEnd);
        var records = results.Of(Profile);
        int? columns = null;
        for (int i = tableStart + 1; i < tableEnd; i++)
        {
            if (!lines[i].StartsWith('|'))
                continue;
            var cells = SplitRow(lines[i]);
            columns ??= cells.Count;   // the header row
            if (Row().Match(lines[i]) is not { Success: true } row)
                continue;
            if (cells.Count != columns)
                throw new ReadmeFormatException(i + 1, $"this course table row has {cells.Count - 2} cells where the header has {columns - 2}");
            string number = row.Groups[1].Value;
            var notebook = notebooks.FirstOrDefault(n => n.Number == number)
                ?? throw new ReadmeFormatException(i + 1, $"the course table has a row {number}, but there is no notebooks/{number}-*.dib");
            cells[^2] = $" {Cell(records.GetValueOrDefault(notebook.Name), notebook)} ";
            lines[i] = string.Join("|", cells);
        }

        var (blockStart, blockEnd) = Markers(lines, BlockBegin, BlockEnd);
        lines.RemoveRange(blockStart + 1, blockEnd - blockStart - 1);
        lines.InsertRange(blockStart + 1, Block(records, notebooks));
        return string.Join("\n", lines);
    }

    /// <summary>Lint's check: none when the README's generated parts are what the results file gives; else where they differ and the fix.</summary>
    public static List<LintProblem> Check(string readmePath, string resultsPath, IReadOnlyList<CourseNotebook> notebooks, string shownReadme)
    {
        string readme = File.ReadAllText(readmePath);
        string expected;
        try
        {
            expected = Generate(readme, ResultsFile.Load(resultsPath), notebooks);
        }
        catch (ReadmeFormatException e)
        {
            return [new LintProblem(shownReadme, e.Line, $"{e.Message}; the measured column and block are generated ({Fix})")];
        }
        catch (ResultsFileException e)
        {
            return [new LintProblem(shownReadme, 1, e.Message)];
        }
        string actual = readme.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (actual == expected)
            return [];
        int line = Export.AppFreshness.FirstDifferentLine(actual, expected);
        string want = expected.Split('\n').ElementAtOrDefault(line - 1) ?? "";
        // A course table row differs in its generated last cell: show that cell, not the hand-written start of the row.
        string should = Row().IsMatch(want) ? $"its last cell should read: {SplitRow(want)[^2].Trim()}" : $"this line should read: {Shorten(want)}";
        return [new LintProblem(shownReadme, line,
            $"the measured results differ from notebooks/{ResultsFile.FileName} ({should}); {Fix}")];
    }

    /// <summary>The course table's measured cell for one notebook.</summary>
    public static string Cell(NotebookRecord? record, CourseNotebook notebook)
    {
        if (record is null)
            return "not measured";
        string text = $"{Seconds(record.Seconds)} on {record.Cores} cores, {record.Date}: [{Plural(record.Checks.Count, "check")}](#measured-under-cpu)";
        if (record.CheckpointsLoaded is { Count: > 0 } loaded)
            text += $", loading {string.Join(", ", loaded.Select(f => $"`{f}`"))} made before the run";
        return record.DibSha256 == notebook.Sha256 ? text : text + ", measured on an older version of the notebook";
    }

    private static List<string> Block(IReadOnlyDictionary<string, NotebookRecord> records, IReadOnlyList<CourseNotebook> notebooks)
    {
        var measured = notebooks.Where(n => records.ContainsKey(n.Name)).ToList();
        var notMeasured = notebooks.Where(n => !records.ContainsKey(n.Name)).ToList();
        int stale = measured.Count(n => records[n.Name].DibSha256 != n.Sha256);
        double total = measured.Sum(n => records[n.Name].Seconds);
        var block = new List<string>
        {
            "",
            "### Measured under `cpu`",
            "",
        };
        var summary = new StringBuilder($"From [notebooks/{ResultsFile.FileName}](notebooks/{ResultsFile.FileName}), which `./workbook run` updates for every notebook that passes. ");
        summary.Append(measured.Count == 0
            ? $"None of the {notebooks.Count} notebooks is measured under `cpu` yet."
            : $"{measured.Count} of {notebooks.Count} notebooks measured: {RunEstimate.Duration(total)} in all ({total.ToString("N0", CultureInfo.InvariantCulture)} s)");
        if (stale > 0)
            summary.Append($", {stale} of them on an older version of the notebook");
        if (measured.Count > 0)
            summary.Append(notMeasured.Count == 0 ? "." : $"; not measured: {string.Join(", ", notMeasured.Select(n => n.Number))}.");
        block.Add(summary.ToString());
        foreach (var notebook in measured)
        {
            var record = records[notebook.Name];
            string staleNote = record.DibSha256 == notebook.Sha256 ? "" : ", measured on an older version of the notebook";
            block.Add("");
            block.Add($"<details><summary>{notebook.Name}: {Seconds(record.Seconds)}, {record.Date}, {Plural(record.Checks.Count, "check")}{staleNote}</summary>");
            block.Add("");
            string load = record.LoadStart is null && record.LoadEnd is null
                ? "load not recorded"
                : $"1-minute load {Load(record.LoadStart)} at the start and {Load(record.LoadEnd)} at the end";
            block.Add($"{record.Engine}, {record.Cores} cores, {load}, "
                + $"commit {(record.Commit is { Length: >= 7 } c ? c[..7] : "not known")}{(record.Dirty == true ? " with uncommitted changes" : record.Dirty is null ? " (tree state not known)" : "")}; "
                + $"recorded by {record.RecordedBy}."
                + (record.CheckpointsLoaded switch
                {
                    null => "",
                    { Count: 0 } => " It loaded no checkpoint made before the run.",
                    { Count: 1 } loaded => $" It loaded a checkpoint made before the run, so a first run takes longer: {loaded[0]}.",
                    var loaded => $" It loaded checkpoints made before the run, so a first run takes longer: {string.Join(", ", loaded)}.",
                }));
            block.Add("");
            block.Add("```text");
            block.AddRange(record.Checks.Count == 0 ? ["(the last cell showed no ✓ line)"] : record.Checks);
            block.Add("```");
            block.Add("");
            block.Add("</details>");
        }
        block.Add("");
        return block;
    }

    private static string Seconds(double seconds) => $"{seconds.ToString("F0", CultureInfo.InvariantCulture)} s";

    private static string Load(double? load) => load is { } l ? l.ToString("F2", CultureInfo.InvariantCulture) : "not known";

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    private static string Shorten(string line) => line.Length > 200 ? line[..200] + "…" : line;

    private static (int Begin, int End) Markers(List<string> lines, string begin, string end)
    {
        int b = lines.FindIndex(l => l.Trim() == begin);
        int e = b < 0 ? -1 : lines.FindIndex(b + 1, l => l.Trim() == end);
        if (b < 0 || e < 0)
            throw new ReadmeFormatException(1, $"the README has no \"{(b < 0 ? begin : end)}\" line{(b < 0 ? "" : $" after line {b + 1}")}");
        return (b, e);
    }

    /// <summary>A table row split at its unescaped "|": the first and last pieces are what lies outside the outer bars.</summary>
    private static List<string> SplitRow(string row)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        for (int i = 0; i < row.Length; i++)
        {
            if (row[i] == '\\' && i + 1 < row.Length)
            {
                cell.Append(row[i]).Append(row[++i]);
                continue;
            }
            if (row[i] == '|')
            {
                cells.Add(cell.ToString());
                cell.Clear();
                continue;
            }
            cell.Append(row[i]);
        }
        cells.Add(cell.ToString());
        return cells;
    }

    [GeneratedRegex(@"^\|\s*(\d\d)\s*\|")]
    private static partial Regex Row();
}

/// <summary>The README's generated parts cannot be found or matched; <see cref="Line"/> says where.</summary>
public sealed class ReadmeFormatException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
