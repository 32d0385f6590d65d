using LlmCourse.Basics;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Basics;

[Collection("Sequential")]
public class WeatherDataTests
{
    [Fact]
    public void Generate_SameSeed_SameData_OtherSeed_OtherData()
    {
        var a = WeatherData.Generate(200, seed: 5);
        var b = WeatherData.Generate(200, seed: 5);
        var c = WeatherData.Generate(200, seed: 6);
        Assert.Equal(a.Features, b.Features);
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Features, c.Features);
    }

    [Fact]
    public void Generate_LabelsFollowTheStatedRule_AndBothAppear()
    {
        var data = WeatherData.Generate(2_000, seed: 7);
        for (int n = 0; n < data.Count; n++)
        {
            double cloud = data.Features[n, 0], humidity = data.Features[n, 1], drop = data.Features[n, 3];
            bool rain = cloud / 100 + humidity / 100 + drop / 40 >= WeatherData.RainThreshold;
            Assert.Equal(rain ? 1L : 0L, data.Labels[n]);
            Assert.InRange(cloud, 0, 100);
            Assert.InRange(humidity, 10, 100);
            Assert.True(data.Features[n, 2] > 0, "wind is positive");
        }
        Assert.InRange(data.Labels.Average(), 0.2, 0.8);
    }

    [Fact]
    public void WillRain_IgnoresWind()
    {
        Assert.Equal(WeatherData.WillRain(80, 90, 0, 10), WeatherData.WillRain(80, 90, 60, 10));
        Assert.True(WeatherData.WillRain(85, 92, 24, 35));     // notebook 01's grey afternoon: 0.85 + 0.92 + 0.875 ≥ 1.3
        Assert.False(WeatherData.WillRain(10, 40, 5, -10));
    }

    [Fact]
    public void ToTensors_GivesFeaturesAndInt64Labels()
    {
        using var scope = NewDisposeScope();
        var data = WeatherData.Generate(10, seed: 10);
        var (x, y) = data.ToTensors();
        Assert.Equal(new long[] { 10, 4 }, x.shape);
        Assert.Equal(ScalarType.Int64, y.dtype);
        Assert.Equal(data.Features[3, 1], x[3, 1].item<double>());
        Assert.Equal(data.Labels, y.data<long>().ToArray());
    }

    [Fact]
    public void Generate_NoReadings_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WeatherData.Generate(0, seed: 1));
}
