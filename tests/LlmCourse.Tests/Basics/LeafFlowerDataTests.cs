using LlmCourse.Basics;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Basics;

[Collection("Sequential")]
public class LeafFlowerDataTests
{
    [Fact]
    public void Generate_SameSeed_SameData()
    {
        var a = LeafFlowerData.Generate(200, seed: 5);
        var b = LeafFlowerData.Generate(200, seed: 5);
        Assert.Equal(a.Features, b.Features);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Kinds, b.Kinds);
    }

    [Fact]
    public void Generate_DifferentSeed_DifferentData()
    {
        var a = LeafFlowerData.Generate(50, seed: 5);
        var b = LeafFlowerData.Generate(50, seed: 6);
        Assert.NotEqual(a.Features, b.Features);
    }

    [Fact]
    public void Generate_ValuesInNotebookOnesUnits()
    {
        var data = LeafFlowerData.Generate(2_000, seed: 7);
        Assert.Equal(2_000, data.Count);
        Assert.Equal(new[] { 2_000, 4 }, new[] { data.Features.GetLength(0), data.Features.GetLength(1) });
        for (int n = 0; n < data.Count; n++)
        {
            for (int c = 0; c < 3; c++)
                Assert.InRange(data.Features[n, c], 0, 255);
            Assert.InRange(data.Features[n, 3], 0.1, 2_000);
        }
    }

    [Fact]
    public void Generate_BothLabelsAndEveryKindAppear()
    {
        var data = LeafFlowerData.Generate(2_000, seed: 8);
        double flowers = data.Labels.Average();
        Assert.InRange(flowers, 0.4, 0.6);   // half the draws are flowers by construction
        Assert.Equal(LeafFlowerData.KindNames.Select(k => k.Kind).Order(), data.Kinds.Distinct().Order());
        // A kind's label is what KindNames says it is, for every object.
        var labelOf = LeafFlowerData.KindNames.ToDictionary(k => k.Kind, k => k.Label);
        for (int n = 0; n < data.Count; n++)
            Assert.Equal(labelOf[data.Kinds[n]], LeafFlowerExamples.OutputNames[data.Labels[n]]);
    }

    [Fact]
    public void Generate_LeavesAreSmallerThanFlowersOnAverage()
    {
        var data = LeafFlowerData.Generate(2_000, seed: 9);
        double MeanVolume(long label) => Enumerable.Range(0, data.Count).Where(n => data.Labels[n] == label).Average(n => data.Features[n, 3]);
        Assert.True(MeanVolume(0) < MeanVolume(1) / 2, $"leaves {MeanVolume(0)} ml, flowers {MeanVolume(1)} ml");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Generate_NoObjects_Throws(int count)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LeafFlowerData.Generate(count, seed: 1));
        Assert.Contains("at least one", e.Message);
    }

    [Fact]
    public void ToTensors_GivesFeaturesAndInt64Labels()
    {
        using var scope = NewDisposeScope();
        var data = LeafFlowerData.Generate(10, seed: 10);
        var (x, y) = data.ToTensors();
        Assert.Equal(new long[] { 10, 4 }, x.shape);
        Assert.Equal(ScalarType.Float64, x.dtype);
        Assert.Equal(ScalarType.Int64, y.dtype);
        Assert.Equal(data.Features[3, 2], x[3, 2].item<double>());
        Assert.Equal(data.Labels, y.data<long>().ToArray());
    }
}
