using LlmCourse.Gpt;
using LlmCourse.Tests.Attention;
using LlmCourse.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Gpt;

[Collection("Sequential")]
public sealed class CharDatasetTests
{
    private static string ShakespearePath()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "datasets", "tinyshakespeare.txt")))
            folder = folder.Parent;
        return folder is null
            ? throw new DirectoryNotFoundException("No datasets/tinyshakespeare.txt above the test assembly: run the tests inside the repository.")
            : Path.Combine(folder.FullName, "datasets", "tinyshakespeare.txt");
    }

    [Fact]
    public void Load_TinyShakespeare_NanoGptsVocabularyAndSplit()
    {
        using var data = CharDataset.Load(ShakespearePath());

        // nanoGPT's prepare.py prints: vocab size 65, train 1,003,854 tokens, val 111,540 tokens.
        Assert.Equal(65, data.Tokenizer.Size);
        Assert.Equal(1_003_854, data[DataSplit.Train].shape[0]);
        Assert.Equal(111_540, data[DataSplit.Validation].shape[0]);
        Assert.Equal("\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", new string(data.Tokenizer.Characters.ToArray()));
    }

    [Fact]
    public void GetBatch_TargetsAreTheInputsShiftedByOne()
    {
        using var data = CharDataset.FromText("abcdefghijklmnopqrstuvwxyz0123456789");

        var (x, y) = data.GetBatch(DataSplit.Train, batchSize: 4, blockSize: 5, new Generator(1));

        Assert.Equal(new long[] { 4, 5 }, x.shape);
        Assert.True(TensorAsserts.Identical(x[.., 1..], y[.., ..4]));
        Assert.True(TensorAsserts.Identical(y - x, ones(4, 5, ScalarType.Int64)));   // consecutive letters: each target is the next id
    }

    [Fact]
    public void GetBatch_SameSeed_SameBatches()
    {
        using var data = CharDataset.FromText(string.Concat(Enumerable.Repeat("to be or not to be, ", 20)));

        var (a, _) = data.GetBatch(DataSplit.Train, 8, 6, new Generator(3));
        var (b, _) = data.GetBatch(DataSplit.Train, 8, 6, new Generator(3));
        var (c, _) = data.GetBatch(DataSplit.Train, 8, 6, new Generator(4));

        Assert.True(TensorAsserts.Identical(a, b));
        Assert.False(TensorAsserts.Identical(a, c));
    }

    [Fact]
    public void GetBatch_BlockLongerThanTheSplit_ThrowsNamingIt()
    {
        using var data = CharDataset.FromText("abcdefghijklmnopqrst");     // validation: the last 2 characters

        var error = Assert.Throws<ArgumentException>(() => data.GetBatch(DataSplit.Validation, 1, 4, new Generator(1)));

        Assert.Contains("Validation split has 2 ids", error.Message);
    }

    [Fact]
    public void CharTokenizer_FullStopsAreOrdinaryCharacters_RoundTrip()
    {
        var tokenizer = CharTokenizer.FromText("Speak, speak. Stay!\n");

        var ids = tokenizer.Encode("Stay. Speak!");

        Assert.Equal("Stay. Speak!", tokenizer.Decode(ids));
        Assert.Equal("Stay. Speak!", tokenizer.Decode(tensor(ids)));
        Assert.Throws<UnknownCharacterException>(() => tokenizer.Encode("Stop"));
    }
}
