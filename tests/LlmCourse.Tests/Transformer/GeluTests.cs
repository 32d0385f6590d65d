using LlmCourse.Tests.Attention;
using LlmCourse.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Tests.Transformer;

[Collection("Sequential")]
public sealed class GeluTests
{
    private static readonly Tensor X = linspace(-6, 6, 241);

    [Fact]
    public void Tanh_EqualsLibtorchsTanhApproximation()
    {
        Assert.True(TensorAsserts.MaxDifference(Gelu.Tanh(X), F.gelu(X, GELU.Approximate.tanh)) < 1e-6);
    }

    [Fact]
    public void Exact_EqualsLibtorchsGelu()
    {
        Assert.True(TensorAsserts.MaxDifference(Gelu.Exact(X), F.gelu(X)) < 1e-6);
    }

    [Fact]
    public void Tanh_StaysWithinOneThousandthOfExact()
    {
        double gap = TensorAsserts.MaxDifference(Gelu.Tanh(X), Gelu.Exact(X));

        Assert.InRange(gap, 1e-5, 1e-3);      // an approximation: close, but not the same function
    }
}
