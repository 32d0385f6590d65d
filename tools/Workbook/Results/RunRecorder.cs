using System.Globalization;
using System.Text.RegularExpressions;
using Workbook.Engines;

namespace Workbook.Results;

/// <summary>
/// Turns a notebook run into a <see cref="NotebookRecord"/> and keeps the results file honest: only a run that
/// passed (every code cell ran, none failed) replaces a record; a failed run leaves the last good one in place.
/// Only the course's notebooks (notebooks/NN-name.dib) are recorded, not test fixtures or a learner's own notebook.
/// </summary>
public static partial class RunRecorder
{
    /// <summary>What is known when a notebook starts: the file that will run and the state of the machine.</summary>
    /// <param name="Checkpoints">The checkpoint files there were as the run started, with their write times (<see cref="CheckpointUse"/>).</param>
    public sealed record RunStartState(string DibSha256, double? LoadStart, string? Commit, bool? Dirty, int Cores, string Device,
        IReadOnlyDictionary<string, DateTime>? Checkpoints = null);

    public static bool IsCourseNotebook(RepoLayout repo, string notebook) =>
        string.Equals(Path.GetDirectoryName(Path.GetFullPath(notebook)), Path.GetFullPath(repo.Notebooks), StringComparison.Ordinal)
        && CourseName().IsMatch(Path.GetFileName(notebook));

    /// <summary>Taken just before the notebook starts: the .dib's hash then is the hash of what ran.</summary>
    public static RunStartState Capture(RepoLayout repo, string notebook, string? device) =>
        new(MachineState.Sha256(notebook), MachineState.LoadAverage(), MachineState.Commit(repo.Root), MachineState.Dirty(repo.Root),
            Environment.ProcessorCount, device ?? "auto", CheckpointUse.Snapshot(CheckpointUse.Folder(repo)));

    /// <summary>The record of a run that passed; null for one that did not (it must not replace a good record).</summary>
    public static NotebookRecord? ToRecord(NotebookRun run, RunStartState start, double? loadEnd) => !run.Succeeded ? null : new NotebookRecord
    {
        CheckpointsLoaded = start.Checkpoints is null ? null
            : CheckpointUse.MadeBefore(CheckpointUse.LoadedPaths(run.Cells, Path.GetDirectoryName(Path.GetFullPath(run.Path)) ?? "."), start.Checkpoints),
        Checks = CheckLines.Of(run.Cells),
        Commit = start.Commit,
        Cores = start.Cores,
        Device = start.Device,
        DibSha256 = start.DibSha256,
        Dirty = start.Dirty,
        Engine = run.EngineDescription,
        LoadEnd = Round(loadEnd),
        LoadStart = Round(start.LoadStart),
        RecordedBy = "./workbook run",
        Seconds = Math.Round(run.Elapsed.TotalSeconds, 1),
        StartedUtc = Utc(run.Started),
    };

    /// <summary>Puts a passing run's record in the file; a line for the console says what happened either way.</summary>
    public static string Apply(ResultsFile results, string profile, string notebookName, NotebookRecord? record)
    {
        var previous = results.Get(profile, notebookName);
        if (record is null)
            return previous is null
                ? $"not recorded in {ResultsFile.FileName}: the run did not pass"
                : $"not recorded in {ResultsFile.FileName}: the run did not pass; the {profile} record of {previous.Date} ({previous.Seconds:F1} s) stays";
        results.Set(profile, notebookName, record);
        return $"recorded in {ResultsFile.FileName} ({profile}: {record.Seconds:F1} s, {record.Checks.Count} check line(s))";
    }

    public static string Utc(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static double? Round(double? load) => load is { } l ? Math.Round(l, 2) : null;

    [GeneratedRegex(@"^\d\d-.+\.dib$")]
    private static partial Regex CourseName();
}
