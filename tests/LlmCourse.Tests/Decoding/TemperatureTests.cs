using LlmCourse.Decoding;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Decoding;

public sealed class TemperatureTests
{
    [Theory]
    [InlineData(0.7)]
    [InlineData(2.0)]
    public void Scale_EqualsLogitsDividedByT(double t)
    {
        var logits = tensor(new double[,] { { 1.5, -0.25, 3.0 }, { 0.0, 10.0, double.NegativeInfinity } });

        var scaled = Temperature.Scale(logits, t).data<double>().ToArray();

        Assert.Equal(logits.data<double>().Select(z => z / t).ToArray(), scaled);
    }

    [Fact]
    public void Scale_LowerT_GivesTheArgmaxMoreProbability()
    {
        var logits = tensor(new double[] { 1.0, 2.0, 0.5 });

        double Top(double t) => Temperature.Scale(logits, t).softmax(-1)[1].item<double>();

        Assert.True(Top(0.5) > Top(1.0) && Top(1.0) > Top(2.0), $"{Top(0.5)} > {Top(1.0)} > {Top(2.0)}");
        Assert.True(Top(0.01) > 0.999_999, "as T → 0 the argmax takes all the probability");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Scale_TNotPositive_ThrowsPointingToGreedy(double t)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Temperature.Scale(zeros(1, 3), t));

        Assert.Contains("greater than 0", error.Message);
        Assert.Contains("Greedy", error.Message);
    }
}
