using System.Text;
using LlmCourse.Tokenization;

namespace LlmCourse.Tests.Tokenization;

public class RankFileTests
{
    /// <summary>A small byte-level rank file in tiktoken's format: the 256 bytes in reverse order (rank r is byte
    /// 255 − r), then "ab", "abc", "  ", "ca".</summary>
    private static List<string> SmallRankLines(bool withRanks)
    {
        var tokens = Enumerable.Range(0, 256).Select(r => new[] { (byte)(255 - r) })
            .Concat(new[] { "ab", "abc", "  ", "ca" }.Select(Encoding.UTF8.GetBytes)).ToList();
        return tokens.Select((bytes, rank) => withRanks ? $"{Convert.ToBase64String(bytes)} {rank}" : Convert.ToBase64String(bytes)).ToList();
    }

    private static Stream AsStream(IEnumerable<string> lines) => new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    [Fact]
    public void FromRanks_SmallFile_RecoversThePairsAndEncodesWithThem()
    {
        var tokenizer = BpeTokenizer.FromRanks(AsStream(SmallRankLines(withRanks: true)), "small.tiktoken", SplitPatterns.Gpt4);
        int A = 255 - 'a', B = 255 - 'b', C = 255 - 'c', Space = 255 - ' ';

        Assert.Equal(260, tokenizer.VocabSize);
        Assert.Equal(A, tokenizer.ByteIds['a']);
        Assert.Equal(new (int, int)[] { (A, B), (256, C), (Space, Space), (C, A) }, tokenizer.Merges);
        // "cabc": (c a) has rank 259 and (a b) 256, so "ab" first, then "abc" (257): c + abc, not ca + b + c.
        Assert.Equal(new[] { C, 257 }, tokenizer.Encode("cabc"));
        Assert.Equal("cabc", tokenizer.Decode(tokenizer.Encode("cabc")));
    }

    [Fact]
    public void Read_RanksByPosition_EqualsExplicitRanks()
    {
        var positional = SmallRankLines(withRanks: false).Prepend("Capacity: 260").ToList();
        positional.Insert(10, "");    // empty lines are skipped

        var explicitRanks = RankFile.Read(AsStream(SmallRankLines(withRanks: true)), "a");
        var byPosition = RankFile.Read(AsStream(positional), "b");

        Assert.Equal(explicitRanks.Tokens, byPosition.Tokens);
        Assert.Equal(12, byPosition.Lines[9]);    // header, 9 tokens, the empty line: rank 9 is on line 12
    }

    [Fact]
    public void Read_Cl100kFromThePackage_Has100256TokensStartingWithTheBytes()
    {
        using var stream = TokenizationFixtures.Cl100kRanks();

        var table = RankFile.Read(stream, "cl100k_base.tiktoken");

        Assert.Equal(100_256, table.Tokens.Length);
        Assert.All(table.Tokens.Take(256), t => Assert.Single(t));
        Assert.Equal("!", Encoding.UTF8.GetString(table.Tokens[0]));       // tiktoken starts with the printable bytes
        Assert.Equal("  ", Encoding.UTF8.GetString(table.Tokens[256]));    // its first merge: two spaces
    }

    [Theory]
    [InlineData(3, "YQ== 2 extra", "expected '<base64 token bytes> <rank>'")]
    [InlineData(3, "YQ== two", "the rank 'two' is not a whole number")]
    [InlineData(3, "!!!! 2", "'!!!!' is not base64")]
    [InlineData(3, " 2", "expected '<base64 token bytes> <rank>'")]
    [InlineData(3, "YQ== 0", "rank 0 appears twice (first on line 1)")]
    [InlineData(3, "/w== 2", "these bytes already have rank 0 (line 1)")]
    [InlineData(3, "YQ== 99999999", "not a whole number from 0 to 10,000,000")]
    public void Read_CorruptLine_ThrowsNamingTheFileTheLineAndTheProblem(int line, string replacement, string problem)
    {
        var lines = SmallRankLines(withRanks: true);
        lines[line - 1] = replacement;

        var e = Assert.Throws<TokenizerFileException>(() => RankFile.Read(AsStream(lines), "broken.tiktoken"));

        Assert.Equal("broken.tiktoken", e.FileName);
        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Message);
        Assert.Contains("Download it again", e.Message);
    }

    [Fact]
    public void Read_MissingRank_ThrowsNamingTheRank()
    {
        var lines = SmallRankLines(withRanks: true);
        lines.RemoveAt(100);

        var e = Assert.Throws<TokenizerFileException>(() => RankFile.Read(AsStream(lines), "gap.tiktoken"));
        Assert.Contains("rank 100 is missing", e.Message);
    }

    [Fact]
    public void Read_MixedForms_Throws()
    {
        var lines = SmallRankLines(withRanks: false);
        lines[5] = "YQ== 5";

        var e = Assert.Throws<TokenizerFileException>(() => RankFile.Read(AsStream(lines), "mixed.tiktoken"));
        Assert.Equal(6, e.Line);
        Assert.Contains("earlier lines give ranks by position", e.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsNamingThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".tiktoken");

        var e = Assert.Throws<FileNotFoundException>(() => RankFile.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void FromRanks_MultiByteTokenAmongTheFirst256_Throws()
    {
        var lines = SmallRankLines(withRanks: true);
        (lines[7], lines[257]) = ($"{Convert.ToBase64String("xy"u8.ToArray())} 7", $"{Convert.ToBase64String(new[] { (byte)248 })} 257");

        var e = Assert.Throws<TokenizerFileException>(() => BpeTokenizer.FromRanks(AsStream(lines), "shuffled.tiktoken", SplitPatterns.Gpt4));
        Assert.Equal(8, e.Line);
        Assert.Contains("ranks 0-255 must be the 256 single bytes", e.Message);
    }

    [Fact]
    public void FromRanks_TokenNotMadeOfTwoLowerRankedTokens_Throws()
    {
        var lines = SmallRankLines(withRanks: true);
        lines[257] = $"{Convert.ToBase64String("xyz"u8.ToArray())} 257";   // no "xy" or "yz" below it

        var e = Assert.Throws<TokenizerFileException>(() => BpeTokenizer.FromRanks(AsStream(lines), "orphan.tiktoken", SplitPatterns.Gpt4));
        Assert.Equal(258, e.Line);
        Assert.Contains("cannot be made by joining two lower-ranked tokens", e.Message);
        Assert.Contains("in 3 pieces", e.Message);
    }
}
