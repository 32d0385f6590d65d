using LlmCourse.Decoding;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Decoding;

[Collection("Sequential")]
public sealed class DecodingStrategyTests
{
    [Fact]
    public void Name_DescribesTheSettings()
    {
        Assert.Equal("greedy", DecodingStrategy.Greedy.Name);
        Assert.Equal("sampling", DecodingStrategy.Sampling(new Generator(1)).Name);
        Assert.Equal("T = 0.7, top-k 40, top-p 0.9", DecodingStrategy.Sampling(new Generator(1), 0.7, 40, 0.9).Name);
    }

    [Fact]
    public void Sampling_BadArguments_AreRejectedWhenTheStrategyIsMade()
    {
        Assert.Contains("Greedy", Assert.Throws<ArgumentOutOfRangeException>(() => DecodingStrategy.Sampling(new Generator(1), temperature: 0)).Message);
        Assert.Contains("k ≥ 1", Assert.Throws<ArgumentOutOfRangeException>(() => DecodingStrategy.Sampling(new Generator(1), topK: 0)).Message);
        Assert.Contains("(0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => DecodingStrategy.Sampling(new Generator(1), topP: 1.01)).Message);
    }

    [Fact]
    public void Sampling_TemperatureIsAppliedBeforeTopP()
    {
        // p = (0.6, 0.3, 0.1): at T = 1 the nucleus for 0.6 is token 0 alone. At T = 3 the distribution flattens to
        // about (0.43, 0.34, 0.24), so the nucleus grows to tokens 0 and 1 (but never 2): only true if T comes first.
        var logits = tensor(new double[] { 0.6, 0.3, 0.1 }).log().expand(2_000, 3);

        var cold = DecodingStrategy.Sampling(new Generator(2), topP: 0.6).Choose(logits).data<long>().ToArray();
        var warm = DecodingStrategy.Sampling(new Generator(2), temperature: 3, topP: 0.6).Choose(logits).data<long>().ToArray();

        Assert.All(cold, token => Assert.Equal(0, token));
        Assert.Contains(1L, warm);
        Assert.DoesNotContain(2L, warm);
    }

    [Fact]
    public void Sampling_TopKOne_IsGreedy()
    {
        var logits = randn(100, 30, generator: new Generator(6));

        var chosen = DecodingStrategy.Sampling(new Generator(6), temperature: 5, topK: 1).Choose(logits);

        Assert.Equal(TokenChoice.Greedy(logits).data<long>().ToArray(), chosen.data<long>().ToArray());
    }
}
