using LlmCourse.Attention;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Attention;

[Collection("Sequential")]
public sealed class AttentionMasksTests
{
    [Fact]
    public void Causal_Square_IsTheLowerTriangle()
    {
        var mask = AttentionMasks.Causal(3);

        Assert.Equal(ScalarType.Bool, mask.dtype);
        Assert.Equal(new[] { true, false, false, true, true, false, true, true, true }, mask.flatten().data<bool>().ToArray());
    }

    [Fact]
    public void Causal_WithOffset_EqualsTheLastRowsOfTheFullMask()
    {
        var rows = AttentionMasks.Causal(2, 5, offset: 3);

        Assert.True(TensorAsserts.Identical(rows, AttentionMasks.Causal(5)[3..5]));
    }

    [Fact]
    public void FromKeyMask_OnesAndZeros_BecomesBooleanBroadcastableOverHeadsAndQueries()
    {
        var mask = AttentionMasks.FromKeyMask(tensor(new long[,] { { 1, 1, 0 }, { 1, 0, 0 } }));

        Assert.Equal(new long[] { 2, 1, 1, 3 }, mask.shape);
        Assert.Equal(new[] { true, true, false, true, false, false }, mask.flatten().data<bool>().ToArray());
    }

    [Fact]
    public void FromKeyMask_ThreeAxes_ThrowsNamingTheShape()
    {
        var error = Assert.Throws<ArgumentException>(() => AttentionMasks.FromKeyMask(ones(2, 3, 4)));

        Assert.Contains("[2, 3, 4]", error.Message);
    }
}
