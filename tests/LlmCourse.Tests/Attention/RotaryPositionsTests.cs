using LlmCourse.Attention;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Attention;

[Collection("Sequential")]
public sealed class RotaryPositionsTests
{
    [Fact]
    public void Apply_HandComputedPair_RotatesByPositionTimesFrequency()
    {
        // One head of size 2: the pair (x₀, x₁) at position p turns by p·θ⁰ = p radians.
        var x = tensor(new float[] { 1, 0, 1, 0, 0.5f, 2 }).reshape(1, 1, 3, 2);   // positions 0, 1, 2

        var r = RotaryPositions.Apply(x).reshape(3, 2).data<float>().ToArray();

        Assert.Equal(1, r[0], 5);
        Assert.Equal(0, r[1], 5);                                                   // position 0: unchanged
        Assert.Equal(Math.Cos(1), r[2], 5);
        Assert.Equal(Math.Sin(1), r[3], 5);                                         // (1, 0) turned by 1 rad
        Assert.Equal(0.5 * Math.Cos(2) - 2 * Math.Sin(2), r[4], 5);
        Assert.Equal(0.5 * Math.Sin(2) + 2 * Math.Cos(2), r[5], 5);
    }

    [Fact]
    public void Apply_KeepsNorms_AndScoresDependOnDistanceOnly()
    {
        random.manual_seed(4);
        var q = randn(1, 1, 1, 8).expand(1, 1, 10, 8).contiguous();   // the same query and key at every position
        var k = randn(1, 1, 1, 8).expand(1, 1, 10, 8).contiguous();

        var rq = RotaryPositions.Apply(q);
        var rk = RotaryPositions.Apply(k);
        var scores = rq[0, 0].matmul(rk[0, 0].t());                   // (10, 10): q at m · k at n

        Assert.True(rq.norm(-1).allclose(q.norm(-1), 1e-5, 1e-5));
        for (int m = 0; m + 3 < 10; m++)
            Assert.Equal(scores[0, 3].item<float>(), scores[m, m + 3].item<float>(), 4);   // distance 3, anywhere
        Assert.NotEqual(scores[0, 3].item<float>(), scores[0, 4].item<float>(), 3);
    }

    [Fact]
    public void Apply_Offset_EqualsTheRowsOfALongerSequence()
    {
        random.manual_seed(5);
        var x = randn(2, 3, 7, 4);

        var whole = RotaryPositions.Apply(x);
        var tail = RotaryPositions.Apply(x[.., .., 4..], offset: 4);

        Assert.True(whole[.., .., 4..].allclose(tail, 1e-6, 1e-6));
    }

    [Fact]
    public void Apply_OddHeadSize_ThrowsAndNamesTheFix()
    {
        var e = Assert.Throws<ArgumentException>(() => RotaryPositions.Apply(zeros(1, 1, 2, 3)));
        Assert.Contains("even", e.Message);
    }

    [Fact]
    public void MultiHeadAttention_Rotary_OddHeadSize_Throws()
    {
        Assert.Throws<ArgumentException>(() => new MultiHeadAttention(6, 2, rotary: true));   // head size 3
    }
}
