using LlmCourse.Decoding;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Decoding;

public sealed class TopKTests
{
    [Fact]
    public void Filter_KeepsTheKLargestUnchangedAndTheRestMinusInfinity()
    {
        var logits = tensor(new float[,] { { 1f, 5f, 3f, 4f, 2f } });

        var filtered = TopK.Filter(logits, 2).data<float>().ToArray();

        float inf = float.NegativeInfinity;
        Assert.Equal([inf, 5f, inf, 4f, inf], filtered);
    }

    [Fact]
    public void Filter_Batch_KeepsExactlyKInEveryRow()
    {
        var logits = randn(8, 50, generator: new Generator(3));

        var keptPerRow = TopK.Filter(logits, 7).isfinite().sum(1).data<long>().ToArray();

        Assert.All(keptPerRow, kept => Assert.Equal(7, kept));
    }

    [Fact]
    public void Filter_Ties_KeepTheLowerTokenIds()
    {
        var logits = tensor(new float[,] { { 1f, 1f, 1f, 1f }, { 0f, 2f, 2f, 2f } });

        Assert.Equal([true, true, false, false, false, true, true, false], ToyModels.Kept(TopK.Filter(logits, 2)));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(1000)]
    public void Filter_KAtLeastTheVocabulary_ChangesNothing(int k)
    {
        var logits = tensor(new float[,] { { 1f, 5f, 3f, 4f, 2f } });

        Assert.Equal(logits.data<float>().ToArray(), TopK.Filter(logits, k).data<float>().ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Filter_KBelowOne_ThrowsAskingForAtLeastOne(int k)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TopK.Filter(zeros(1, 4), k));

        Assert.Contains("k ≥ 1", error.Message);
    }

    [Fact]
    public void Filter_IntegerScores_ThrowsAskingForFloatingPoint()
    {
        var error = Assert.Throws<ArgumentException>(() => TopK.Filter(tensor(new long[] { 1, 2, 3 }), 1));

        Assert.Contains("floating-point", error.Message);
    }
}
