using LlmCourse.Decoding;

namespace LlmCourse.Tests.Decoding;

public sealed class RepetitionTests
{
    private static string[] Words(string text) => text.Split(' ');

    [Fact]
    public void DistinctN_Alternating_MatchesTheHandCount()
    {
        var text = Words("a b a b a b");

        Assert.Equal(2.0 / 6, Repetition.DistinctN(text, 1));          // {a, b} over 6 tokens
        Assert.Equal(2.0 / 5, Repetition.DistinctN(text, 2));          // {ab, ba} over 5 bigrams
        Assert.Equal(1.0, Repetition.DistinctN(Words("the cat sat on a mat"), 2));
    }

    [Fact]
    public void RepeatedNGramShare_MatchesTheHandCount()
    {
        // abab, baba, abab: the third repeats the first.
        Assert.Equal(1.0 / 3, Repetition.RepeatedNGramShare(Words("a b a b a b")));
        // aaaa ×4: three repeats of the first.
        Assert.Equal(3.0 / 4, Repetition.RepeatedNGramShare(Words("a a a a a a a")));
        Assert.Equal(0.0, Repetition.RepeatedNGramShare(Words("a b c d e f a b c")));
        // abcd bcde cdea deab eabc abcd: only the last 4-gram repeats.
        Assert.Equal(1.0 / 6, Repetition.RepeatedNGramShare(Words("a b c d e a b c d")));
    }

    [Fact]
    public void Measure_TokenIds_CountsLikeWords()
    {
        var stats = Repetition.Measure(new long[] { 7, 3, 7, 3, 7, 3 });

        Assert.Equal(new RepetitionStats(2.0 / 6, 2.0 / 5, 1.0 / 3), stats);
    }

    [Fact]
    public void Mean_AveragesTextsEachCountedOnItsOwn()
    {
        // The second text repeats the first, but repeats across texts do not count.
        var stats = Repetition.Mean(new[] { Words("a b c d"), Words("a b c d") });

        Assert.Equal(new RepetitionStats(1.0, 1.0, 0.0), stats);
        var mixed = Repetition.Mean(new[] { Words("a b a b a b"), Words("a b c d") });
        Assert.Equal((2.0 / 6 + 1.0) / 2, mixed.Distinct1, 15);
        Assert.Equal((1.0 / 3 + 0.0) / 2, mixed.Repeated4Grams, 15);
    }

    [Fact]
    public void Measure_TextShorterThanFourTokens_ThrowsSayingWhy()
    {
        var error = Assert.Throws<ArgumentException>(() => Repetition.Measure(Words("a b c")));

        Assert.Contains("no 4-grams", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Repetition.DistinctN(Words("a b"), 0));
        Assert.Throws<ArgumentException>(() => Repetition.Mean(Array.Empty<string[]>()));
    }
}
