using System.Security.Cryptography;
using LlmCourse.Checkpoints;
using LlmCourse.Files;
using LlmCourse.Gpt;
using LlmCourse.Tokenization;
using static TorchSharp.torch;

namespace LlmCourse.Tests.FaultInjection;

/// <summary>
/// Every file the course writes (tokenizer vocabularies, checkpoints) goes through <see cref="AtomicFile"/>: a full
/// disk, an unwritable place or a killed process never loses the file that was there before.
/// </summary>
[Collection("Sequential")]   // the disk-full seam is process-wide
public sealed class SaveFaultTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmcourse-faults-").FullName;

    public void Dispose()
    {
        AtomicFile.WrapStreamForTests = null;
        Directory.Delete(_folder, recursive: true);
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static BpeTokenizer Tokenizer(int merges) => BpeTokenizer.Train("the cat sat on the mat, the cat ate the rat", 256 + merges);

    private string[] Leftovers() => Directory.GetFiles(_folder, ".*.tmp");

    [Fact]
    public void TokenizerSave_DiskFullOverAnOldFile_KeepsTheOldFileAndSaysSo()
    {
        string path = Path.Combine(_folder, "vocab.txt");
        Tokenizer(3).Save(path);
        string before = Hash(path);
        AtomicFile.WrapStreamForTests = s => new FailingStream(s, failAfterBytes: 20);

        var error = Assert.Throws<IOException>(() => Tokenizer(8).Save(path));

        Assert.Contains($"Cannot save '{path}': No space left on device", error.Message);
        Assert.Contains("was left as it was", error.Message);
        Assert.Equal(before, Hash(path));
        Assert.Equal(3, BpeTokenizer.Load(path).Merges.Count);
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void CheckpointSave_DiskFullOverAGoodCheckpoint_KeepsItLoadable()
    {
        random.manual_seed(0);
        string path = Path.Combine(_folder, "gpt.safetensors");
        var model = new GptModel(GptConfig.Nano(12));
        GptCheckpoint.Save(model, path);
        string before = Hash(path);
        AtomicFile.WrapStreamForTests = s => new FailingStream(s, failAfterBytes: 4096);

        var error = Assert.Throws<IOException>(() => GptCheckpoint.Save(new GptModel(GptConfig.Nano(12)), path));

        Assert.Contains("No space left on device", error.Message);
        Assert.Equal(before, Hash(path));
        AtomicFile.WrapStreamForTests = null;
        using var reloaded = GptCheckpoint.Load(path);
        Assert.Equal(model.ParameterCount(), reloaded.ParameterCount());
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void Save_IntoAFolderThatCannotBeCreated_NamesThePath()
    {
        // /proc refuses new folders even to root, so this is unwritable on any Linux machine the tests run on.
        string path = "/proc/llmcourse-fault-test/vocab.txt";

        var error = Assert.Throws<IOException>(() => Tokenizer(2).Save(path));

        Assert.Contains($"Cannot save '{path}'", error.Message);
        Assert.Contains("/proc/llmcourse-fault-test", error.Message);
    }

    [Fact]
    public void Save_WhereAParentIsAFile_SaysWhichFile()
    {
        string file = Path.Combine(_folder, "notes.txt");
        File.WriteAllText(file, "a file, not a folder");
        string path = Path.Combine(file, "vocab.txt");

        var error = Assert.Throws<IOException>(() => Tokenizer(2).Save(path));

        Assert.Contains($"'{file}' is a file, so it cannot hold other files", error.Message);
    }

    [Fact]
    public void Save_ToAFolderPath_IsRefused()
    {
        var error = Assert.Throws<IOException>(() => Tokenizer(2).Save(_folder));

        Assert.Contains("that is a folder", error.Message);
    }

    [Fact]
    public async Task ProcessKilledInTheMiddleOfASave_LeavesTheOldFileWhole()
    {
        // A real kill: a separate process (a file-based app on the course library) starts saving over the file and is
        // killed with SIGKILL while the bytes are half written.
        string path = Path.Combine(_folder, "vocab.txt");
        Tokenizer(3).Save(path);
        string before = Hash(path);
        string app = Path.Combine(TextFaultTests.Datasets(), "..", "tests", "LlmCourse.Tests", "FaultInjection", "KillDuringSave", "save-and-hang.cs");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "run", Path.GetFullPath(app), "--", path })
            start.ArgumentList.Add(argument);
        using var child = System.Diagnostics.Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        string? said;
        try
        {
            said = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(4));
        }
        catch (TimeoutException)
        {
            said = null;
        }
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync();
        Assert.True(said == "writing", $"the child never started writing (it said: {said ?? "nothing"})\n{await stderr}");

        Assert.Equal(before, Hash(path));                                  // the old file, whole
        Assert.Equal(3, BpeTokenizer.Load(path).Merges.Count);
        var partial = Assert.Single(Leftovers());                          // and the killed save's partial temporary
        Assert.Equal(1 << 20, new FileInfo(partial).Length);
        File.SetLastWriteTimeUtc(partial, DateTime.UtcNow.AddHours(-1));   // as found by a save an hour later
        Tokenizer(5).Save(path);
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void KilledSave_LeavesOnlyATemporaryFile_WhichIsIgnoredAndLaterCleanedUp()
    {
        // What a process killed in the middle of a save leaves: the old file, and a partial temporary beside it.
        string path = Path.Combine(_folder, "vocab.txt");
        Tokenizer(3).Save(path);
        string partial = Path.Combine(_folder, ".vocab.txt.0123456789abcdef.tmp");
        File.WriteAllText(partial, "llmcourse-bpe 1\nsplit\nmerges 99\n1 2\n");   // cut short
        File.SetLastWriteTimeUtc(partial, DateTime.UtcNow.AddHours(-1));

        Assert.Equal(3, BpeTokenizer.Load(path).Merges.Count);    // readers never see the partial file
        Tokenizer(5).Save(path);                                   // the next save of that file cleans up

        Assert.Equal(5, BpeTokenizer.Load(path).Merges.Count);
        Assert.False(File.Exists(partial), "a stale temporary of the same file is deleted by the next save");
    }

    [Fact]
    public void CheckpointSave_NaNWeights_AreRefusedAndTheGoodCheckpointStays()
    {
        random.manual_seed(0);
        string path = Path.Combine(_folder, "gpt.safetensors");
        var model = new GptModel(GptConfig.Nano(12));
        GptCheckpoint.Save(model, path, new Dictionary<string, string> { ["val_loss"] = "2.1000" });
        string before = Hash(path);
        using (no_grad())
            model.Transformer.TokenEmbedding.weight[0, 0] = float.NaN;   // what a diverged training step leaves

        var error = Assert.Throws<CheckpointRefusedException>(() => GptCheckpoint.Save(model, path, new Dictionary<string, string> { ["val_loss"] = "2.0000" }));

        Assert.Contains("tensors hold NaN or infinity (", error.Message);
        Assert.Contains("transformer.wte.weight", error.Message);   // tied with lm_head.weight: both names are listed
        Assert.Contains("was left as it was", error.Message);
        Assert.Equal(before, Hash(path));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void CheckpointSave_NonFiniteMetric_IsRefused(string value)
    {
        random.manual_seed(0);
        string path = Path.Combine(_folder, "gpt.safetensors");

        var error = Assert.Throws<CheckpointRefusedException>(() =>
            GptCheckpoint.Save(new GptModel(GptConfig.Nano(12)), path, new Dictionary<string, string> { ["val_loss"] = value }));

        Assert.Contains($"its metadata \"val_loss\" is {value}", error.Message);
        Assert.Contains("Nothing was written", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void CheckpointSave_InfinityInABuffer_IsRefused()
    {
        random.manual_seed(0);
        var model = new GptModel(GptConfig.Nano(12));
        using (no_grad())
            model.parameters().Last().fill_(float.PositiveInfinity);

        Assert.Throws<CheckpointRefusedException>(() => Checkpoint.Save(model, Path.Combine(_folder, "inf.safetensors")));
    }
}
