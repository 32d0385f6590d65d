using System.Text.RegularExpressions;
using Workbook.Engines;

namespace Workbook.Results;

/// <summary>
/// Which checkpoints a run loaded that were made before it started. A notebook that loads a model saved by an earlier run
/// (its own cached encoder, or notebook 07's GPT) finishes sooner than on a clean clone, and its recorded time must say so.
/// </summary>
/// <remarks>
/// The library's load-or-train functions say what they loaded, and the notebooks show it: "loaded PATH: …" (TrainedGpt),
/// "loaded the pre-trained encoder from PATH: …" (MlmPretraining), "loaded the base model from PATH" (ArithmeticModels).
/// A path counts when its file was already there when the run started and was not rewritten during it; so notebook 07,
/// which trains its model, saves it and then loads it back to show the round trip, loaded nothing made before it.
/// </remarks>
public static partial class CheckpointUse
{
    /// <summary>The folder the course's notebooks save checkpoints in.</summary>
    public static string Folder(RepoLayout repo) => Path.Combine(repo.Root, "artifacts", "checkpoints");

    /// <summary>Every file under <paramref name="folder"/> with its last write time (UTC); empty when the folder is missing.</summary>
    public static IReadOnlyDictionary<string, DateTime> Snapshot(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(Path.GetFullPath, File.GetLastWriteTimeUtc, StringComparer.Ordinal)
            : new Dictionary<string, DateTime>(StringComparer.Ordinal);

    /// <summary>The paths that "loaded … PATH.safetensors" lines in the cells' outputs name, resolved against the notebook's folder.</summary>
    public static List<string> LoadedPaths(IEnumerable<CellResult> cells, string notebookFolder) =>
        cells.SelectMany(c => c.Outputs).Select(CheckLines.TextOf).OfType<string>()
            .SelectMany(text => Loaded().Matches(text).Select(m => Path.GetFullPath(Path.Combine(notebookFolder, m.Groups["path"].Value))))
            .Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The file names of the loaded paths that existed at <paramref name="before"/> (the snapshot taken as the run started)
    /// and still have the same write time, sorted.
    /// </summary>
    public static List<string> MadeBefore(IEnumerable<string> loadedPaths, IReadOnlyDictionary<string, DateTime> before) =>
        loadedPaths.Where(p => before.TryGetValue(p, out var written) && File.Exists(p) && File.GetLastWriteTimeUtc(p) == written)
            .Select(Path.GetFileName).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"\bloaded (?:the [^\n]{1,80}? from )?(?<path>[^\s:]+\.safetensors)")]
    private static partial Regex Loaded();
}
