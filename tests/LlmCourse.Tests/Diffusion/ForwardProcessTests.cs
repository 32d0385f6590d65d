using LlmCourse.Diffusion;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Diffusion;

[Collection("Sequential")]
public sealed class ForwardProcessTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Apply_ManyDraws_MaskedShareEqualsT(double t)
    {
        var ids = zeros(4000, 50, dtype: ScalarType.Int64) + 7;
        var m = ForwardProcess.Apply(ids, 0, new Generator(seed: 1), t: full(4000, t));

        double share = m.Masked.to(ScalarType.Float64).mean().item<double>();
        Assert.InRange(share, ForwardProcess.MaskProbability(t) - 0.005, ForwardProcess.MaskProbability(t) + 0.005);
        Assert.True(m.Noisy.eq(0).eq(m.Masked).all().item<bool>());   // [MASK] exactly where masked
    }

    [Fact]
    public void Apply_TZero_StillMasksTheEpsFloor()
    {
        var ids = zeros(2000, 100, dtype: ScalarType.Int64) + 3;
        var m = ForwardProcess.Apply(ids, 0, new Generator(seed: 2), eps: 0.05, t: zeros(2000));

        Assert.InRange(m.Masked.to(ScalarType.Float64).mean().item<double>(), 0.045, 0.055);
        Assert.Equal(0.05, m.MaskProbability[0, 0].item<float>(), 5);
    }

    [Fact]
    public void Apply_DrawnT_UniformAndOnePerRow()
    {
        var ids = zeros(5000, 4, dtype: ScalarType.Int64) + 3;
        var m = ForwardProcess.Apply(ids, 0, new Generator(seed: 3));

        Assert.Equal(new long[] { 5000 }, m.T.shape);
        Assert.InRange(m.T.mean().item<float>(), 0.48, 0.52);
        Assert.True(m.MaskProbability.eq(m.MaskProbability[.., 0..1]).all().item<bool>());   // one p per row
    }

    [Fact]
    public void Apply_PromptLengths_PromptNeverMasked()
    {
        var ids = zeros(200, 10, dtype: ScalarType.Int64) + 5;
        var prompts = full(200, 4L, dtype: ScalarType.Int64);
        var m = ForwardProcess.Apply(ids, 0, new Generator(seed: 4), t: ones(200), promptLengths: prompts);

        Assert.False(m.Masked[.., ..4].any().item<bool>());
        Assert.True(m.Masked[.., 4..].all().item<bool>());                                  // t = 1: every answer token masked
    }

    [Fact]
    public void Apply_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => ForwardProcess.Apply(zeros(2, 3), 0));                          // float ids
        Assert.Throws<ArgumentOutOfRangeException>(() => ForwardProcess.Apply(zeros(2, 3, dtype: ScalarType.Int64), 0, eps: 0));
        Assert.Throws<ArgumentException>(() => ForwardProcess.Apply(zeros(2, 3, dtype: ScalarType.Int64), 0, t: zeros(3)));
    }

    [Fact]
    public void StratifiedTimes_OnePerStratum_InRandomOrder_ReproducibleUnderASeed()
    {
        var t = ForwardProcess.StratifiedTimes(8, new Generator(seed: 3)).data<float>().ToArray();
        var again = ForwardProcess.StratifiedTimes(8, new Generator(seed: 3)).data<float>().ToArray();

        Assert.Equal(t, again);
        Assert.Equal(Enumerable.Range(0, 8).ToArray(), t.Select(x => (int)Math.Floor(x * 8)).Order().ToArray());   // stratum i holds one t
        Assert.NotEqual(t.Order().ToArray(), t);                                                                   // not left sorted
        double offset = t.Min() * 8;
        Assert.All(t, x => Assert.Equal(offset, x * 8 - Math.Floor(x * 8), 4));                                    // one shared u
    }
}
