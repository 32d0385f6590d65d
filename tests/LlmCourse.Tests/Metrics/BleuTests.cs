using LlmCourse.Metrics;

namespace LlmCourse.Tests.Metrics;

public sealed class BleuTests
{
    private static string[] W(string text) => text.Split(' ');

    private static BleuScore Sentence(string hypothesis, string reference, BleuSmoothing smoothing = BleuSmoothing.None) =>
        Bleu.Sentence(W(hypothesis), W(reference), smoothing);

    [Fact]
    public void Sentence_PerfectMatch_Is100()
    {
        var score = Sentence("the cat sat on the mat", "the cat sat on the mat");

        Assert.Equal(100.0, score.Score, 10);
        Assert.Equal(1.0, score.BrevityPenalty);
        Assert.Equal([6L, 5, 4, 3], score.Matches);
    }

    [Fact]
    public void Sentence_NoFourGramMatchUnsmoothed_IsZero()
    {
        // 4-grams of the hypothesis: "the cat the mat", "cat the mat sat", "the mat sat on": none is in the reference.
        var score = Sentence("the cat the mat sat on", "the cat sat on the mat");

        Assert.Equal(0.0, score.Score);
        Assert.Equal([6L, 3, 0, 0], score.Matches);
        Assert.Equal([6L, 5, 4, 3], score.Totals);
    }

    [Fact]
    public void Sentence_EpsilonSmoothing_CountsATenthOfAMatch()
    {
        // Chen & Cherry method 1: p = 6/6, 3/5, 0.1/4, 0.1/3; BP = 1; BLEU = (1 · 0.6 · 0.025 · 0.0333…)^(1/4) = 0.0005^(1/4).
        var score = Sentence("the cat the mat sat on", "the cat sat on the mat", BleuSmoothing.Epsilon);

        Assert.Equal(100 * Math.Pow(0.0005, 0.25), score.Score, 9);
        Assert.Equal(14.953, score.Score, 3);
    }

    [Fact]
    public void Sentence_AddOneSmoothing_AddsOneFromBigramsOn()
    {
        // Chen & Cherry method 2: p = 6/6, (3+1)/(5+1), (0+1)/(4+1), (0+1)/(3+1); BLEU = (1 · 2/3 · 1/5 · 1/4)^(1/4).
        var score = Sentence("the cat the mat sat on", "the cat sat on the mat", BleuSmoothing.AddOne);

        Assert.Equal(100 * Math.Pow(1.0 / 30, 0.25), score.Score, 9);
        Assert.Equal(42.729, score.Score, 3);
    }

    [Fact]
    public void Sentence_ShortHypothesis_PaysTheBrevityPenalty()
    {
        // Every n-gram of "the cat sat on" is in the reference, so all pₙ = 1; c = 4 < r = 6: BP = exp(1 − 6/4) = e^−0.5.
        var score = Sentence("the cat sat on", "the cat sat on the mat");

        Assert.Equal(Math.Exp(-0.5), score.BrevityPenalty, 12);
        Assert.Equal(60.653, score.Score, 3);
        Assert.Equal((4L, 6L), (score.HypothesisLength, score.ReferenceLength));
    }

    [Fact]
    public void Sentence_LongHypothesis_HasNoBrevityPenalty()
    {
        var score = Sentence("the cat sat on the mat today", "the cat sat on the mat");

        Assert.Equal(1.0, score.BrevityPenalty);
        Assert.True(score.Score < 100);
    }

    [Fact]
    public void Corpus_RepeatedWord_IsClippedToTheReferenceCount()
    {
        // Papineni et al.'s example: "the" seven times earns 2 unigram matches, as many as the reference has.
        var score = Sentence("the the the the the the the", "the cat is on the mat");

        Assert.Equal(2, score.Matches[0]);
        Assert.Equal(7, score.Totals[0]);
        Assert.Equal(100 * 2.0 / 7, score.Precisions[0], 10);
    }

    [Fact]
    public void Corpus_AddsCountsOverSentences_NotScores()
    {
        // Sentence 1 matches everything, sentence 2 nothing: corpus pₙ = 4/8, 3/6, 2/4, 1/2 = 0.5; c = 8, r = 4 + 6 = 10,
        // so BLEU = 50 · exp(1 − 10/8). The mean of the two sentence scores would be (100 + 0) / 2 = 50.
        var score = Bleu.Corpus([W("a b c d"), W("w x y z")], [W("a b c d"), W("a b c d e f")]);

        Assert.Equal([4L, 3, 2, 1], score.Matches);
        Assert.Equal([8L, 6, 4, 2], score.Totals);
        Assert.Equal(50 * Math.Exp(-0.25), score.Score, 10);
    }

    [Fact]
    public void Corpus_MismatchedCounts_Throws()
    {
        Assert.Throws<ArgumentException>(() => Bleu.Corpus([W("a b")], [W("a b"), W("c d")]));
    }

    [Fact]
    public void Corpus_Strings_AreTokenizedWith13a()
    {
        var score = Bleu.Corpus(["Ich bin müde."], ["Ich bin müde ."]);

        Assert.Equal(100.0, score.Score, 10);
    }

    [Theory]
    [InlineData("Ich bin müde.", "Ich|bin|müde|.")]
    [InlineData("Tom's car, isn't it?", "Tom's|car|,|isn't|it|?")]
    [InlineData("It costs 3.5 or 1,000 \"dollars\".", "It|costs|3.5|or|1,000|\"|dollars|\"|.")]
    [InlineData("Tom has a 9-to-5 job.", "Tom|has|a|9|-|to-5|job|.")]
    public void Tokenize_13aRules_SplitPunctuation(string text, string expected)
    {
        Assert.Equal(expected.Split('|'), Bleu.Tokenize(text));
    }
}
