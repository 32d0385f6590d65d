using LlmCourse.Gradients;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Tests.Gradients;

[Collection("Sequential")]
public class FiniteDifferencesTests
{
    private static double LargestDifference(Tensor a, Tensor b) => (a - b).abs().max().item<double>();

    [Fact]
    public void Gradient_Cubic_MatchesClosedForm()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { -2.0, -0.5, 0.0, 1.0, 3.0 });
        // L = Σ x³ + 2x, so ∂L/∂xᵢ = 3xᵢ² + 2.
        var numeric = FiniteDifferences.Gradient(() => (x.pow(3) + 2 * x).sum(), x);
        var closedForm = 3 * x.pow(2) + 2;
        Assert.Equal(x.shape, numeric.shape);
        Assert.True(LargestDifference(numeric, closedForm) < 1e-7, $"largest difference {LargestDifference(numeric, closedForm)}");
    }

    [Fact]
    public void Gradient_SoftmaxCrossEntropy_MatchesClosedForm()
    {
        using var scope = NewDisposeScope();
        torch.random.manual_seed(11);
        var scores = randn(5, 3, dtype: ScalarType.Float64);
        var labels = tensor(new long[] { 0, 2, 1, 1, 0 });
        // The mean cross-entropy's gradient with respect to the scores is (softmax − one-hot) / N.
        var numeric = FiniteDifferences.Gradient(() => F.cross_entropy(scores, labels), scores);
        var closedForm = (scores.softmax(1) - F.one_hot(labels, 3).to(ScalarType.Float64)) / 5;
        Assert.True(LargestDifference(numeric, closedForm) < 1e-8, $"largest difference {LargestDifference(numeric, closedForm)}");
    }

    [Fact]
    public void Gradients_TwoLayerNetwork_MatchAutograd()
    {
        using var scope = NewDisposeScope();
        torch.random.manual_seed(12);
        var x = randn(6, 4, dtype: ScalarType.Float64);
        var w1 = randn(3, 4, dtype: ScalarType.Float64, requires_grad: true);
        var w2 = randn(2, 3, dtype: ScalarType.Float64, requires_grad: true);
        var labels = tensor(new long[] { 0, 1, 1, 0, 1, 0 });
        Tensor Loss() => F.cross_entropy(x.matmul(w1.t()).tanh().matmul(w2.t()), labels);

        Loss().backward();
        var numeric = FiniteDifferences.Gradients(Loss, [w1, w2]);

        Assert.Equal(2, numeric.Length);
        Assert.True(LargestDifference(numeric[0], w1.grad!) < 1e-8);
        Assert.True(LargestDifference(numeric[1], w2.grad!) < 1e-8);
    }

    [Fact]
    public void Gradient_TransposedView_FollowsTheViewsIndexing()
    {
        using var scope = NewDisposeScope();
        var storage = tensor(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var view = storage.t();                                  // (2, 3) -> (3, 2), not contiguous
        var weights = tensor(new double[,] { { 1, -2 }, { 3, -4 }, { 5, -6 } });   // (3, 2), matching the view
        var numeric = FiniteDifferences.Gradient(() => (view * weights).sum(), view);
        Assert.Equal(view.shape, numeric.shape);
        Assert.True(LargestDifference(numeric, weights) < 1e-7);
    }

    [Fact]
    public void Gradient_LeavesTheParameterBitForBit()
    {
        using var scope = NewDisposeScope();
        torch.random.manual_seed(13);
        var w = randn(4, 3, dtype: ScalarType.Float64);
        var before = w.clone();
        FiniteDifferences.Gradient(() => w.exp().sum(), w, h: 1e-3);
        Assert.Equal(before.data<double>().ToArray(), w.data<double>().ToArray());
    }

    [Fact]
    public void Gradient_ScalarParameter_Works()
    {
        using var scope = NewDisposeScope();
        var w = tensor(0.5);
        var numeric = FiniteDifferences.Gradient(() => w.sin(), w);
        Assert.Empty(numeric.shape);
        Assert.Equal(Math.Cos(0.5), numeric.item<double>(), 1e-9);
    }

    [Fact]
    public void Gradient_NonScalarLoss_ThrowsNamingTheShape()
    {
        using var scope = NewDisposeScope();
        var w = ones(2, 3, dtype: ScalarType.Float64);
        var e = Assert.Throws<ArgumentException>(() => FiniteDifferences.Gradient(() => w * 2, w));
        Assert.Contains("one number", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains(".mean()", e.Message);
    }

    [Fact]
    public void Gradient_Float32Parameter_ThrowsAskingForFloat64()
    {
        using var scope = NewDisposeScope();
        var w = ones(3);
        var e = Assert.Throws<ArgumentException>(() => FiniteDifferences.Gradient(() => w.sum(), w));
        Assert.Contains("Float64", e.Message);
    }

    [Fact]
    public void Gradient_LossComputedInFloat32_Throws()
    {
        using var scope = NewDisposeScope();
        var w = ones(3, dtype: ScalarType.Float64);
        var e = Assert.Throws<ArgumentException>(() => FiniteDifferences.Gradient(() => w.to(ScalarType.Float32).sum(), w));
        Assert.Contains("Float32", e.Message);
    }

    [Fact]
    public void Gradient_NaNLoss_ThrowsAndRestoresTheParameter()
    {
        using var scope = NewDisposeScope();
        var w = tensor(new[] { 1.0, 0.0 });
        // √w at w = 0 − h is NaN: the message names the element, and the parameter is put back anyway.
        var e = Assert.Throws<InvalidOperationException>(() => FiniteDifferences.Gradient(() => w.sqrt().sum(), w));
        Assert.Contains("NaN", e.Message);
        Assert.Contains("element 1", e.Message);
        Assert.Equal(new[] { 1.0, 0.0 }, w.data<double>().ToArray());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-6)]
    [InlineData(double.NaN)]
    public void Gradient_StepNotPositive_Throws(double h)
    {
        using var scope = NewDisposeScope();
        var w = ones(2, dtype: ScalarType.Float64);
        Assert.Throws<ArgumentOutOfRangeException>(() => FiniteDifferences.Gradient(() => w.sum(), w, h));
    }
}
