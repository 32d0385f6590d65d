using LlmCourse.Decoding;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Decoding;

[Collection("Sequential")]
public sealed class TokenChoiceTests
{
    [Fact]
    public void Greedy_PicksEachRowsArgmax_TiesToTheLowerId()
    {
        var logits = tensor(new float[,] { { 0.1f, 2f, -1f }, { 3f, 0f, 3f } });

        Assert.Equal([1L, 0L], TokenChoice.Greedy(logits).data<long>().ToArray());
    }

    [Fact]
    public void Sample_SameSeed_SameTokens_AnotherSeed_OtherTokens()
    {
        var logits = zeros(64, 10);                                   // uniform: every draw is a real choice

        var first = TokenChoice.Sample(logits, new Generator(1)).data<long>().ToArray();
        var again = TokenChoice.Sample(logits, new Generator(1)).data<long>().ToArray();
        var other = TokenChoice.Sample(logits, new Generator(2)).data<long>().ToArray();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.All(first, token => Assert.InRange(token, 0, 9));
    }

    [Fact]
    public void Sample_DrawsInProportionToTheProbabilities()
    {
        var logits = tensor(new double[] { 0.2, 0.8 }).log().expand(10_000, 2);    // (10000, 2)

        double share = TokenChoice.Sample(logits, new Generator(5)).to(ScalarType.Float64).mean().item<double>();

        Assert.InRange(share, 0.78, 0.82);                            // the share of token 1; 0.8 ± 5 standard errors
    }

    [Fact]
    public void Sample_NeverDrawsATokenFilteredOut()
    {
        var logits = TopK.Filter(zeros(2_000, 6), 2);                 // only tokens 0 and 1 survive the tie-break

        var drawn = TokenChoice.Sample(logits, new Generator(9)).data<long>().ToArray();

        Assert.All(drawn, token => Assert.InRange(token, 0, 1));
        Assert.Contains(0L, drawn);
        Assert.Contains(1L, drawn);
    }

    [Fact]
    public void Sample_VeryLowTemperature_EqualsGreedy()
    {
        var logits = randn(200, 50, generator: new Generator(4));
        var nearlyCold = DecodingStrategy.Sampling(new Generator(4), temperature: 1e-6);

        Assert.Equal(TokenChoice.Greedy(logits).data<long>().ToArray(), nearlyCold.Choose(logits).data<long>().ToArray());
    }
}
