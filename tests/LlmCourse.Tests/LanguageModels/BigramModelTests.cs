using LlmCourse.LanguageModels;
using LlmCourse.Text;
using static TorchSharp.torch;

namespace LlmCourse.Tests.LanguageModels;

[Collection("Sequential")]
public sealed class BigramModelTests
{
    private static readonly string[] Corpus = ["ab", "b"];
    private static readonly CharVocabulary Vocabulary = CharVocabulary.FromText(Corpus);   // ".ab"

    [Fact]
    public void Fit_TinyCorpus_CountsEveryAdjacentPairIncludingTheBoundaries()
    {
        var model = BigramModel.Fit(Corpus, Vocabulary);

        // Pairs: .a ab b.  and  .b b.
        long[,] expected =
        {
            //       .  a  b
            /* . */ { 0, 1, 1 },
            /* a */ { 0, 0, 1 },
            /* b */ { 2, 0, 0 },
        };
        Assert.Equal(tensor(expected).data<long>().ToArray(), model.Counts.data<long>().ToArray());
    }

    [Fact]
    public void NegativeLogLikelihood_TinyCorpus_EqualsTheHandComputation()
    {
        var model = BigramModel.Fit(Corpus, Vocabulary, smoothing: 1);

        // Add-one rows: '.' -> (0+1, 1+1, 1+1)/5, 'a' -> (1, 1, 2)/4, 'b' -> (3, 1, 1)/5.
        // The five predictions: P(a|.) = 2/5, P(b|a) = 2/4, P(.|b) = 3/5, P(b|.) = 2/5, P(.|b) = 3/5.
        double byHand = -(Math.Log(2.0 / 5) + Math.Log(2.0 / 4) + Math.Log(3.0 / 5) + Math.Log(2.0 / 5) + Math.Log(3.0 / 5)) / 5;

        Assert.Equal(byHand, model.NegativeLogLikelihood(Corpus), 12);
    }

    [Fact]
    public void Probabilities_EveryRow_SumsToOne()
    {
        var model = BigramModel.Fit(Corpus, Vocabulary, smoothing: 0.5);

        var rowSums = model.Probabilities.sum(1).data<double>().ToArray();

        Assert.All(rowSums, sum => Assert.Equal(1.0, sum, 12));
    }

    [Fact]
    public void Fit_ZeroSmoothing_ThrowsExplainingTheInfiniteLoss()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BigramModel.Fit(Corpus, Vocabulary, smoothing: 0));

        Assert.Contains("infinite loss", error.Message);
    }

    [Fact]
    public void Sample_SameSeed_SameNames_AnotherSeed_OtherNames()
    {
        var vocabulary = CharVocabulary.FromText(["abcdefghij"]);
        var model = BigramModel.Fit(["abcdefghij", "jihgfedcba", "aceg"], vocabulary);

        var first = model.Sample(20, new Generator(1));
        var again = model.Sample(20, new Generator(1));
        var other = model.Sample(20, new Generator(2));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.All(first, name => Assert.DoesNotContain('.', name));
    }
}
