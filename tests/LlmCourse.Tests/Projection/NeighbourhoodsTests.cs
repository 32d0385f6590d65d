using LlmCourse.Projection;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Projection;

[Collection("Sequential")]
public sealed class NeighbourhoodsTests
{
    [Fact]
    public void Nearest_PointsOnALine_AreTheirNeighbours()
    {
        var points = tensor(new float[] { 0, 1, 3, 7 }).unsqueeze(1);   // (4, 1)

        var nearest = Neighbourhoods.Nearest(points, 2);

        Assert.Equal(new long[] { 1, 2, 0, 2, 1, 0, 2, 1 }, nearest.data<long>().ToArray());
    }

    [Fact]
    public void Trustworthiness_DistancesKept_IsOne_ShuffledMap_IsLower()
    {
        var generator = new Generator(3);
        var points = randn(60, 5, generator: generator);
        var rotated = points.matmul(linalg.qr(randn(5, 5, generator: generator)).Q) * 3;   // same neighbours, other axes

        var shuffled = rotated[randperm(60, generator: generator)];

        Assert.Equal(1.0, Neighbourhoods.Trustworthiness(points, rotated, 5), 9);
        Assert.Equal(1.0, Neighbourhoods.Preservation(points, rotated, 5), 9);
        Assert.True(Neighbourhoods.Trustworthiness(points, shuffled, 5) < 0.8);
        Assert.True(Neighbourhoods.Preservation(points, shuffled, 5) < 0.3);
    }

    [Fact]
    public void Create_TwoEpochs_OneChartWithASliderStepEach()
    {
        var maps = new[] { ("epoch 1", new double[] { 0, 1, 2 }, new double[] { 0, 1, 0 }), ("epoch 2", new double[] { 5, 6, 7 }, new double[] { 1, 1, 1 }) };

        var chart = SliderScatter.Create(maps, [0, 1, 1], ["negative", "positive"], ["crimson", "royalblue"]);
        string html = Plotly.NET.GenericChart.toChartHTML(chart);

        Assert.Contains("\"sliders\"", html);
        Assert.Contains("\"restyle\"", html);
        Assert.Contains("epoch 2", html);
        Assert.Equal(4, Plotly.NET.GenericChart.getTraces(chart).Count());   // 2 epochs × 2 classes
    }
}
