using LlmCourse.Decoding;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Decoding;

public sealed class TopPTests
{
    private static Tensor LogitsOf(params double[] probabilities) => tensor(probabilities).log().unsqueeze(0);   // (1, V)

    [Fact]
    public void Filter_TokenThatCrossesP_IsKept()
    {
        // 0.5 falls short of 0.6; adding 0.3 reaches 0.8 ≥ 0.6, so the set is {0.5, 0.3} and 0.2 goes.
        Assert.Equal([true, true, false], ToyModels.Kept(TopP.Filter(LogitsOf(0.5, 0.3, 0.2), 0.6)));
        // The same distribution in another token order: the set follows the probabilities, not the ids.
        Assert.Equal([false, true, true], ToyModels.Kept(TopP.Filter(LogitsOf(0.2, 0.5, 0.3), 0.6)));
    }

    [Fact]
    public void Filter_MassReachedExactly_StopsThere()
    {
        var logits = LogitsOf(0.125, 0.5, 0.125, 0.25);

        // 0.5 + 0.25 = 0.75 reaches 0.75 exactly: no third token is needed.
        Assert.Equal([false, true, false, true], ToyModels.Kept(TopP.Filter(logits, 0.75)));
        Assert.Equal([false, true, false, false], ToyModels.Kept(TopP.Filter(logits, 0.5)));
        // Just above 0.75 needs one of the 0.125s: the tie goes to the lower id.
        Assert.Equal([true, true, false, true], ToyModels.Kept(TopP.Filter(logits, 0.76)));
    }

    [Fact]
    public void Filter_POne_KeepsEveryNonZeroToken()
    {
        var logits = LogitsOf(0.7, 0, 0.3 - 1e-9, 1e-9);

        Assert.Equal([true, false, true, true], ToyModels.Kept(TopP.Filter(logits, 1.0)));
    }

    [Fact]
    public void Filter_TinyP_KeepsOnlyTheArgmaxOfEachRow()
    {
        var logits = tensor(new float[,] { { 0.1f, 2f, -1f, 1.9f }, { 3f, 0f, 0f, 2.5f } });

        Assert.Equal([false, true, false, false, true, false, false, false], ToyModels.Kept(TopP.Filter(logits, 1e-12)));
    }

    [Fact]
    public void Filter_Batch_EachRowGetsItsOwnNucleus()
    {
        var logits = tensor(new double[,] { { 0.9, 0.05, 0.05 }, { 0.3, 0.3, 0.4 } }).log();

        // Row 0 is sure: 0.9 alone reaches 0.6. Row 1 is not: 0.4 + 0.3 (token 0 wins the tie with token 1).
        Assert.Equal([true, false, false, true, false, true], ToyModels.Kept(TopP.Filter(logits, 0.6)));
    }

    [Fact]
    public void Filter_KeptLogits_AreUnchangedAndTheRestMinusInfinity()
    {
        var logits = tensor(new float[] { 2f, -1f, 1f, 0.5f });

        var filtered = TopP.Filter(logits, 0.7).data<float>().ToArray();

        Assert.Equal([2f, float.NegativeInfinity, 1f, float.NegativeInfinity], filtered);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Filter_POutsideZeroToOne_ThrowsNamingTheRange(double p)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TopP.Filter(LogitsOf(0.5, 0.5), p));

        Assert.Contains("(0, 1]", error.Message);
    }
}
