using LlmCourse.Attention;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Attention;

[Collection("Sequential")]
public sealed class HeadsTests
{
    [Fact]
    public void Split_ThenMerge_GivesBackTheInput()
    {
        var x = randn(2, 5, 12);

        var heads = Heads.Split(x, 3);

        Assert.Equal(new long[] { 2, 3, 5, 4 }, heads.shape);
        Assert.True(TensorAsserts.Identical(Heads.Merge(heads), x));
    }

    [Fact]
    public void Split_HeadOne_HoldsTheSecondBlockOfChannels()
    {
        var x = arange(12, ScalarType.Float32).view(1, 1, 12);   // (12) -> (1, 1, 12)

        var heads = Heads.Split(x, 3);                            // (1, 3, 1, 4)

        Assert.Equal(new float[] { 4, 5, 6, 7 }, heads[0, 1, 0].data<float>().ToArray());
    }

    [Fact]
    public void Split_WidthNotDivisible_ThrowsNamingBoth()
    {
        var error = Assert.Throws<ArgumentException>(() => Heads.Split(zeros(1, 2, 10), 3));

        Assert.Contains("10 channels", error.Message);
        Assert.Contains("3 heads", error.Message);
    }
}
