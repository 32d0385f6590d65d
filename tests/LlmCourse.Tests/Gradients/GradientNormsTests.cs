using LlmCourse.Gradients;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Gradients;

[Collection("Sequential")]
public class GradientNormsTests
{
    private static readonly double[,] _w1 = { { 1, 0 }, { 2, -1 } };
    private static readonly double[] _b1 = { 0.5, -0.5 };
    private static readonly double[] _w2 = { 3, -4 };
    private static readonly double[] _x = { 1, 2 };

    /// <summary>y = w2 · (W1 x + b1) + b2, no activation, so every gradient has a closed form; loss = y.</summary>
    private static Sequential TwoLayers(bool backward = true, bool freezeFirstBias = false)
    {
        var first = nn.Linear(new Parameter(tensor(_w1)), new Parameter(tensor(_b1), requires_grad: !freezeFirstBias));
        var second = nn.Linear(new Parameter(tensor(_w2).reshape(1, 2)), new Parameter(tensor(new[] { 0.1 })));   // (2) -> (1, 2)
        var net = nn.Sequential(("first", first), ("second", second));
        if (backward)
            net.call(tensor(_x).reshape(1, 2)).sum().backward();                                                // (2) -> (1, 2)
        return net;
    }

    /// <summary>The four gradients written out: ∂y/∂W1[i, j] = w2[i]·x[j], ∂y/∂b1 = w2, ∂y/∂w2 = h = W1 x + b1, ∂y/∂b2 = 1.</summary>
    private static (double W1, double B1, double W2, double B2) SquaredNormsByHand()
    {
        double w1 = 0, b1 = 0, w2 = 0;
        for (int i = 0; i < 2; i++)
        {
            double h = _b1[i];
            for (int j = 0; j < 2; j++)
            {
                w1 += Math.Pow(_w2[i] * _x[j], 2);
                h += _w1[i, j] * _x[j];
            }
            b1 += _w2[i] * _w2[i];
            w2 += h * h;
        }
        return (w1, b1, w2, 1.0);
    }

    [Fact]
    public void PerLayer_TwoLinearLayers_MatchesHandComputation()
    {
        using var scope = NewDisposeScope();
        var norms = GradientNorms.PerLayer(TwoLayers());
        var hand = SquaredNormsByHand();
        Assert.Equal(new[] { "first", "second" }, norms.Select(n => n.Name));
        Assert.Equal(Math.Sqrt(hand.W1 + hand.B1), norms[0].Norm, 1e-12);
        Assert.Equal(Math.Sqrt(hand.W2 + hand.B2), norms[1].Norm, 1e-12);
    }

    [Fact]
    public void PerParameter_TwoLinearLayers_ListsEveryParameterInOrder()
    {
        using var scope = NewDisposeScope();
        var norms = GradientNorms.PerParameter(TwoLayers());
        var hand = SquaredNormsByHand();
        Assert.Equal(new[] { "first.weight", "first.bias", "second.weight", "second.bias" }, norms.Select(n => n.Name));
        Assert.Equal(new[] { hand.W1, hand.B1, hand.W2, hand.B2 }.Select(Math.Sqrt), norms.Select(n => n.Norm), new Tolerance(1e-12));
    }

    [Fact]
    public void PerLayer_CustomGrouping_AddsSquaresAcrossLayers()
    {
        using var scope = NewDisposeScope();
        var norms = GradientNorms.PerLayer(TwoLayers(), _ => "everything");
        var hand = SquaredNormsByHand();
        Assert.Single(norms);
        Assert.Equal(Math.Sqrt(hand.W1 + hand.B1 + hand.W2 + hand.B2), norms[0].Norm, 1e-12);
    }

    [Fact]
    public void PerParameter_FrozenParameter_IsLeftOut()
    {
        using var scope = NewDisposeScope();
        var norms = GradientNorms.PerParameter(TwoLayers(freezeFirstBias: true));
        Assert.DoesNotContain(norms, n => n.Name == "first.bias");
        Assert.Equal(3, norms.Count);
    }

    [Fact]
    public void PerLayer_BeforeBackward_ThrowsSayingWhatToDo()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<InvalidOperationException>(() => GradientNorms.PerLayer(TwoLayers(backward: false)));
        Assert.Contains("backward()", e.Message);
    }

    [Theory]
    [InlineData("layers.3.weight", "layers.3")]
    [InlineData("head.bias", "head")]
    [InlineData("weight", "weight")]
    public void OwningModule_DropsTheLastPart(string parameter, string layer) =>
        Assert.Equal(layer, GradientNorms.OwningModule(parameter));

    private sealed class Tolerance(double atol) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= atol;

        public int GetHashCode(double obj) => 0;
    }
}
