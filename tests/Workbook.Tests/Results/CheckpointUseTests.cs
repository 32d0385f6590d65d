using Microsoft.DotNet.Interactive.Documents;
using Workbook.Documents;
using Workbook.Engines;
using Workbook.Results;

namespace Workbook.Tests.Results;

/// <summary>A run's record says which checkpoints it loaded that an earlier run had made, and the README repeats it.</summary>
public sealed class CheckpointUseTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"checkpoint-use-{Guid.NewGuid():N}");

    public CheckpointUseTests() => Directory.CreateDirectory(Path.Combine(_root, "artifacts", "checkpoints"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Checkpoint(string name)
    {
        string path = Path.Combine(_root, "artifacts", "checkpoints", name);
        File.WriteAllText(path, "weights");
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc));
        return path;
    }

    private static CellResult Cell(params string[] shown)
    {
        var cell = new CellResult(1, new NotebookCell(NotebookCell.CSharp, "var m = Load();", 3)) { Started = DateTimeOffset.Now, Ended = DateTimeOffset.Now };
        foreach (var text in shown)
            cell.Outputs.Add(new DisplayElement(new Dictionary<string, object> { ["text/plain"] = text }));
        return cell;
    }

    [Fact]
    public void LoadedPaths_TheLibrarysThreeMessages_ResolvedAgainstTheNotebooksFolder()
    {
        string notebooks = Path.Combine(_root, "notebooks");
        var cells = new[]
        {
            Cell("loaded ../artifacts/checkpoints/gpt-shakespeare-cpu.safetensors: it was trained by this recipe (3,000 steps of 12, seed 1337)"),
            Cell("loaded the pre-trained encoder from ../artifacts/checkpoints/encoder-mlm-cpu.safetensors: same recipe, epoch 3 of 6"),
            Cell("loaded the base model from ../artifacts/checkpoints/arithmetic-base-cpu.safetensors", "saved ../artifacts/checkpoints/new.safetensors"),
        };

        var paths = CheckpointUse.LoadedPaths(cells, notebooks);

        Assert.Equal(["gpt-shakespeare-cpu.safetensors", "encoder-mlm-cpu.safetensors", "arithmetic-base-cpu.safetensors"], paths.Select(Path.GetFileName));
        Assert.All(paths, p => Assert.StartsWith(Path.Combine(_root, "artifacts", "checkpoints"), p));
    }

    [Fact]
    public void MadeBefore_OnlyFilesThereAtTheStartAndNotRewritten()
    {
        string old = Checkpoint("old.safetensors"), rewritten = Checkpoint("rewritten.safetensors");
        var before = CheckpointUse.Snapshot(Path.Combine(_root, "artifacts", "checkpoints"));
        File.SetLastWriteTimeUtc(rewritten, new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc));   // the run trained and saved it
        string made = Checkpoint("made-during-the-run.safetensors");

        Assert.Equal(["old.safetensors"], CheckpointUse.MadeBefore([old, rewritten, made, old], before));
        Assert.Empty(CheckpointUse.Snapshot(Path.Combine(_root, "no-such-folder")));
    }

    [Fact]
    public void ReadmeCell_NamesTheCheckpointsARunLoaded_AndNothingForOldRecords()
    {
        var notebook = new CourseNotebook("09-an-encoder-classifier", "abc");
        var record = new NotebookRecord { Seconds = 221.6, Cores = 2, StartedUtc = "2026-12-07T09:40:00Z", DibSha256 = "abc", Checks = ["✓ a"] };

        Assert.Equal("222 s on 2 cores, 2026-12-07: [1 check](#measured-under-cpu)", ReadmeResults.Cell(record, notebook));
        Assert.Equal("222 s on 2 cores, 2026-12-07: [1 check](#measured-under-cpu)", ReadmeResults.Cell(record with { CheckpointsLoaded = [] }, notebook));
        Assert.Equal("222 s on 2 cores, 2026-12-07: [1 check](#measured-under-cpu), loading `encoder-mlm-cpu.safetensors` made before the run",
            ReadmeResults.Cell(record with { CheckpointsLoaded = ["encoder-mlm-cpu.safetensors"] }, notebook));
    }

    [Fact]
    public void ResultsFile_RoundTripsTheList_AndLeavesItOutOfOldRecords()
    {
        var results = new ResultsFile();
        results.Set("cpu", "08-decoding", new NotebookRecord { Seconds = 269.2, CheckpointsLoaded = ["gpt-shakespeare-cpu.safetensors"] });
        results.Set("cpu", "07-gpt", new NotebookRecord { Seconds = 214.0 });
        string path = Path.Combine(_root, "results.json");
        results.Save(path);
        string json = File.ReadAllText(path);

        Assert.Contains("\"checkpoints_loaded\": [", json);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(json, "checkpoints_loaded"));
        Assert.Equal(["gpt-shakespeare-cpu.safetensors"], ResultsFile.Load(path).Get("cpu", "08-decoding")!.CheckpointsLoaded);
        Assert.Null(ResultsFile.Load(path).Get("cpu", "07-gpt")!.CheckpointsLoaded);
    }
}
