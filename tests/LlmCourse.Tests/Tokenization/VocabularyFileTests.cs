using LlmCourse.Tokenization;

namespace LlmCourse.Tests.Tokenization;

public sealed class VocabularyFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "llmcourse-vocab-" + Guid.NewGuid().ToString("N"));

    public VocabularyFileTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Save_Load_GivesBackTheSameMergesPatternAndIds()
    {
        var tokenizer = TokenizationFixtures.Shakespeare;
        string path = Path.Combine(_folder, "nested", "shakespeare.bpe");
        string text = TokenizationFixtures.ShakespearePrefix(8_000) + string.Concat(TokenizationFixtures.UnicodeSamples);

        tokenizer.Save(path);
        var loaded = BpeTokenizer.Load(path);

        Assert.Equal(tokenizer.Merges, loaded.Merges);
        Assert.Equal(tokenizer.SplitPattern, loaded.SplitPattern);
        Assert.Equal(tokenizer.Encode(text), loaded.Encode(text));
    }

    [Fact]
    public void Save_WritesTheDocumentedPlainFormat()
    {
        var tokenizer = BpeTokenizer.Train("aaabdaaabac", 256 + 3);
        string path = Path.Combine(_folder, "classic.bpe");

        tokenizer.Save(path);

        Assert.Equal("llmcourse-bpe 1\nsplit\nmerges 3\n97 97\n97 98\n256 257\n", File.ReadAllText(path));
        Assert.Null(BpeTokenizer.Load(path).SplitPattern);
    }

    [Fact]
    public void Save_TokenizerFromTiktokenRanks_ThrowsBecauseItsBytesAreReordered()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TokenizationFixtures.Cl100k.Save(Path.Combine(_folder, "cl100k.bpe")));
        Assert.Contains("rank file", e.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingThePath()
    {
        string path = Path.Combine(_folder, "nowhere.bpe");

        var e = Assert.Throws<FileNotFoundException>(() => BpeTokenizer.Load(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("BpeTokenizer.Save", e.Message);
    }

    [Theory]
    [InlineData("", 1, "expected the header")]
    [InlineData("merges 3\n97 97\n", 1, "expected the header 'llmcourse-bpe 1' but found 'merges 3'")]
    [InlineData("llmcourse-bpe 2\nsplit\nmerges 0\n", 1, "version '2'")]
    [InlineData("llmcourse-bpe 1\nsplat \\s+\nmerges 0\n", 2, "expected 'split <pattern>'")]
    [InlineData("llmcourse-bpe 1\nsplit (unclosed\nmerges 0\n", 2, "not a valid .NET regex")]
    [InlineData("llmcourse-bpe 1\nsplit\nmerges three\n", 3, "expected 'merges <count>'")]
    [InlineData("llmcourse-bpe 1\nsplit\nmerges 2\n97 97\n97,98\n", 5, "expected a merge '<left id> <right id>' but found '97,98'")]
    [InlineData("llmcourse-bpe 1\nsplit\nmerges 2\n97 97\n97 -1\n", 5, "expected a merge")]
    [InlineData("llmcourse-bpe 1\nsplit\nmerges 2\n97 97\n257 97\n", 5, "uses token 257, which does not exist yet")]
    [InlineData("llmcourse-bpe 1\nsplit\nmerges 2\n97 97\n97 97\n", 5, "already merged on line 4")]
    [InlineData("llmcourse-bpe 1\nsplit\nmerges 3\n97 97\n97 98\n", 6, "ends after 2 of the 3 merges")]
    [InlineData("llmcourse-bpe 1\nsplit\nmerges 1\n97 97\n97 98\n", 5, "after the 1 merges")]
    public void Load_CorruptFile_ThrowsNamingTheFileTheLineAndTheProblem(string content, int line, string problem)
    {
        string path = Path.Combine(_folder, "corrupt.bpe");
        File.WriteAllText(path, content);

        var e = Assert.Throws<TokenizerFileException>(() => BpeTokenizer.Load(path));

        Assert.Equal(path, e.FileName);
        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith($"{path}, line {line}: ", e.Message);
        Assert.Contains("BpeTokenizer.Save", e.Message);   // the fix
    }

    [Fact]
    public void Load_WindowsLineEnds_AreAccepted()
    {
        string path = Path.Combine(_folder, "crlf.bpe");
        File.WriteAllText(path, "llmcourse-bpe 1\r\nsplit\r\nmerges 1\r\n97 98\r\n");

        var loaded = BpeTokenizer.Load(path);

        Assert.Equal(new (int, int)[] { (97, 98) }, loaded.Merges);
        Assert.Equal(new[] { 256 }, loaded.Encode("ab"));
    }
}
