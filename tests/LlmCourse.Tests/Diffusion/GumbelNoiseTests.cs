using LlmCourse.Diffusion;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Diffusion;

[Collection("Sequential")]
public sealed class GumbelNoiseTests
{
    [Fact]
    public void Add_TemperatureZero_IsTheIdentity()
    {
        var logits = randn(5, 7, generator: new Generator(seed: 1));

        var noisy = GumbelNoise.Add(logits, 0.0, new Generator(seed: 2));

        Assert.True(noisy.eq(logits).all().item<bool>());
        Assert.True(noisy.argmax(-1).eq(logits.argmax(-1)).all().item<bool>());
    }

    [Fact]
    public void Add_TemperatureOne_ArgmaxDrawsFromTheSoftmax()
    {
        var logits = tensor(new float[] { 1.0f, 0.0f, -1.0f, 0.5f });
        var many = logits.unsqueeze(0).expand(40_000, 4);

        var picks = GumbelNoise.Add(many, 1.0, new Generator(seed: 3)).argmax(-1);   // (40000)
        var share = F(picks);
        var expected = logits.softmax(-1).data<float>().ToArray();

        for (int i = 0; i < 4; i++)
            Assert.InRange(share[i], expected[i] - 0.01, expected[i] + 0.01);
    }

    private static double[] F(Tensor picks) =>
        Enumerable.Range(0, 4).Select(i => picks.eq(i).to(ScalarType.Float64).mean().item<double>()).ToArray();

    [Fact]
    public void Add_NegativeTemperature_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GumbelNoise.Add(zeros(3), -0.5));
}
