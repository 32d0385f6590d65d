using LlmCourse.Transformer;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Transformer;

[Collection("Sequential")]
public sealed class PositionalEncodingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(99)]
    public void Sinusoidal_MatchesVaswanisClosedForm(int position)
    {
        const int channels = 16;
        var table = PositionalEncoding.Sinusoidal(100, channels);

        for (int i = 0; i < channels / 2; i++)
        {
            double angle = position / Math.Pow(10000, 2.0 * i / channels);
            Assert.True(Math.Abs(Math.Sin(angle) - table[position, 2 * i].item<float>()) < 1e-6, $"sin at {position}, {i}");
            Assert.True(Math.Abs(Math.Cos(angle) - table[position, 2 * i + 1].item<float>()) < 1e-6, $"cos at {position}, {i}");
        }
    }

    [Fact]
    public void Sinusoidal_OddWidth_KeepsTheShapeAndEndsWithASine()
    {
        var table = PositionalEncoding.Sinusoidal(5, 7);

        Assert.Equal(new long[] { 5, 7 }, table.shape);
        Assert.Equal(ScalarType.Float32, table.dtype);
        Assert.True(Math.Abs(Math.Sin(3 / Math.Pow(10000, 6.0 / 7)) - table[3, 6].item<float>()) < 1e-6);
    }

    [Fact]
    public void Sinusoidal_EveryPositionDiffers()
    {
        var table = PositionalEncoding.Sinusoidal(64, 32);
        var distances = cdist(table, table) + eye(64) * 100;   // ignore each row's distance to itself

        Assert.True(distances.min().item<float>() > 0.1);
    }
}
