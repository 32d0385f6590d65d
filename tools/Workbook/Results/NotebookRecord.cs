using System.Text.Json.Serialization;

namespace Workbook.Results;

/// <summary>
/// What one passing run of one notebook under one profile measured: the lines its final check cell showed and how
/// long it took, with what is needed to judge the time (engine, cores, load) and to tell whether it is still the
/// notebook of today (<see cref="DibSha256"/>). Properties are declared in alphabetical order, so the committed
/// JSON has sorted keys.
/// </summary>
public sealed record NotebookRecord
{
    /// <summary>
    /// Checkpoints the run loaded that were made before it started (file names), so its time is not a first run's;
    /// empty when it loaded none, null in records made before this was recorded.
    /// </summary>
    [JsonPropertyName("checkpoints_loaded")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? CheckpointsLoaded { get; init; }

    /// <summary>Every "✓ …" or "✗ …" line the notebook's last code cell showed, in order: its learning-target checks.</summary>
    [JsonPropertyName("checks")]
    public IReadOnlyList<string> Checks { get; init; } = [];

    /// <summary>HEAD when the record was made; null when git could not say.</summary>
    [JsonPropertyName("commit")]
    public string? Commit { get; init; }

    /// <summary>Logical processors the machine had (Environment.ProcessorCount).</summary>
    [JsonPropertyName("cores")]
    public int Cores { get; init; }

    /// <summary>COURSE_DEVICE the notebook got ("auto" when none was given).</summary>
    [JsonPropertyName("device")]
    public string Device { get; init; } = "auto";

    /// <summary>SHA-256 of the .dib file that ran (lower-case hex); a different hash today means the record is stale.</summary>
    [JsonPropertyName("dib_sha256")]
    public string DibSha256 { get; init; } = "";

    /// <summary>Whether the working tree had changes besides the results file and the README; null when git could not say.</summary>
    [JsonPropertyName("dirty")]
    public bool? Dirty { get; init; }

    /// <summary>The engine, as the run's banner names it, e.g. "dotnet-repl (0.3.259)".</summary>
    [JsonPropertyName("engine")]
    public string Engine { get; init; } = "";

    /// <summary>The 1-minute load average when the notebook ended; null where unknown (not Linux, or recorded afterwards).</summary>
    [JsonPropertyName("load_end")]
    public double? LoadEnd { get; init; }

    /// <summary>The 1-minute load average when the notebook started; null where unknown.</summary>
    [JsonPropertyName("load_start")]
    public double? LoadStart { get; init; }

    /// <summary>How the record was made: "./workbook run", or the `results record` command with its folder.</summary>
    [JsonPropertyName("recorded_by")]
    public string RecordedBy { get; init; } = "";

    /// <summary>Wall time of the notebook's run in seconds, kernel start included, one decimal.</summary>
    [JsonPropertyName("seconds")]
    public double Seconds { get; init; }

    /// <summary>When the run started, UTC, ISO 8601 to the second.</summary>
    [JsonPropertyName("started_utc")]
    public string StartedUtc { get; init; } = "";

    /// <summary>The UTC date of the run, yyyy-MM-dd.</summary>
    [JsonIgnore]
    public string Date => StartedUtc.Length >= 10 ? StartedUtc[..10] : StartedUtc;
}
