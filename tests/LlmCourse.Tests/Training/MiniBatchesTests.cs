using LlmCourse.Training;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Training;

[Collection("Sequential")]
public sealed class MiniBatchesTests
{
    private static readonly Tensor X = arange(20).reshape(10, 2);      // row i holds 2i, 2i+1
    private static readonly Tensor Y = arange(10);

    [Fact]
    public void Random_DrawsMatchingRowsOfTheBatchSize()
    {
        var next = MiniBatches.Random(X, Y, batchSize: 4, seed: 1);

        var (inputs, targets) = next(0);

        Assert.Equal(new long[] { 4, 2 }, inputs.shape);
        Assert.Equal(new long[] { 4 }, targets.shape);
        Assert.Equal((targets * 2).data<long>().ToArray(), inputs[.., 0].data<long>().ToArray());   // rows stay paired
    }

    [Fact]
    public void Random_SameSeed_SameBatches_AnotherSeed_OtherBatches()
    {
        long[] Draw(long seed)
        {
            var next = MiniBatches.Random(X, Y, 8, seed);
            return Enumerable.Range(0, 5).SelectMany(step => next(step).Targets.data<long>().ToArray()).ToArray();
        }

        random.manual_seed(123);          // the global generator must not matter
        var first = Draw(5);
        random.manual_seed(456);
        var again = Draw(5);

        Assert.Equal(first, again);
        Assert.NotEqual(first, Draw(6));
    }

    [Fact]
    public void Random_InputsAndTargetsOfDifferentLengths_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => MiniBatches.Random(X, arange(9), 4, 1));

        Assert.Contains("10 inputs but 9 targets", error.Message);
    }
}
