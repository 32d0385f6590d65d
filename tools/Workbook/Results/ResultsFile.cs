using System.Text.Encodings.Web;
using System.Text.Json;

namespace Workbook.Results;

/// <summary>
/// The committed results file, notebooks/results.json: profile → notebook name (NN-name, no extension) → the last
/// passing run's <see cref="NotebookRecord"/>. Written with sorted keys, two-space indentation, "\n" line ends and
/// characters such as ✓ and ≥ as they are, so a re-measured notebook is a small, readable diff.
/// </summary>
public sealed class ResultsFile
{
    public const string FileName = "results.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    private readonly SortedDictionary<string, SortedDictionary<string, NotebookRecord>> _profiles = new(StringComparer.Ordinal);

    /// <summary>notebooks/results.json of a repository.</summary>
    public static string PathIn(RepoLayout repo) => Path.Combine(repo.Notebooks, FileName);

    /// <summary>The file's records; an empty file when it does not exist yet.</summary>
    /// <exception cref="ResultsFileException">The file exists but is not the results file's JSON.</exception>
    public static ResultsFile Load(string path) => File.Exists(path) ? Parse(File.ReadAllText(path), path) : new ResultsFile();

    public static ResultsFile Parse(string json, string shownName = FileName)
    {
        Dictionary<string, Dictionary<string, NotebookRecord>>? profiles;
        try
        {
            profiles = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, NotebookRecord>>>(json, Json);
        }
        catch (JsonException e)
        {
            throw new ResultsFileException($"{shownName} is not a results file ({e.Message}); fix it or delete it and record the runs again");
        }
        var file = new ResultsFile();
        foreach (var (profile, notebooks) in profiles ?? [])
            foreach (var (notebook, record) in notebooks)
                file.Set(profile, notebook, record);
        return file;
    }

    public IEnumerable<string> Profiles => _profiles.Keys;

    /// <summary>The record of a notebook (NN-name) under a profile; null when it was never recorded.</summary>
    public NotebookRecord? Get(string profile, string notebook) =>
        _profiles.TryGetValue(profile, out var notebooks) && notebooks.TryGetValue(notebook, out var record) ? record : null;

    /// <summary>Every record of a profile, by notebook name in order.</summary>
    public IReadOnlyDictionary<string, NotebookRecord> Of(string profile) =>
        _profiles.TryGetValue(profile, out var notebooks) ? notebooks : new SortedDictionary<string, NotebookRecord>(StringComparer.Ordinal);

    public void Set(string profile, string notebook, NotebookRecord record)
    {
        if (!_profiles.TryGetValue(profile, out var notebooks))
            _profiles[profile] = notebooks = new SortedDictionary<string, NotebookRecord>(StringComparer.Ordinal);
        notebooks[notebook] = record;
    }

    public string ToJson() => JsonSerializer.Serialize(_profiles, Json) + "\n";

    /// <summary>Writes the file atomically; false when its text was already this.</summary>
    public bool Save(string path)
    {
        string text = ToJson();
        if (File.Exists(path) && File.ReadAllText(path) == text)
            return false;
        LlmCourse.Files.AtomicFile.WriteAllText(path, text);
        return true;
    }
}

/// <summary>The results file cannot be read, or a run cannot be recorded in it; the message says why and what to do.</summary>
public sealed class ResultsFileException(string message) : Exception(message);
