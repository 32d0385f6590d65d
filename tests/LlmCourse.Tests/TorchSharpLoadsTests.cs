using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests;

/// <summary>
/// TorchSharp's native backend loads and computes on this machine. On Debian 12 this only works because the
/// build weakened libLibTorchSharp.so's GLIBCXX_3.4.32 need (tools/msbuild/LibTorchSharpGlibcxxFix.targets).
/// </summary>
public sealed class TorchSharpLoadsTests
{
    [Fact]
    public void Matmul_KnownMatrices_GivesKnownProduct()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        using var b = tensor(new float[] { 7, 8, 9, 10, 11, 12 }, new long[] { 3, 2 });

        using var product = a.matmul(b);

        Assert.Equal(new long[] { 2, 2 }, product.shape);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, product.data<float>().ToArray());
    }

    [Fact]
    public void Backward_SimpleFunction_GivesItsDerivative()
    {
        // f(x) = sum(x^3 + 2x), so df/dx = 3x^2 + 2.
        using var x = tensor(new double[] { -1, 0, 2, 3 }, requires_grad: true);

        using var y = (x.pow(3) + 2 * x).sum();
        y.backward();

        Assert.Equal(-1 + 0 + 8 + 27 + 2 * 4, y.item<double>());
        Assert.Equal(new double[] { 5, 2, 14, 29 }, x.grad!.data<double>().ToArray());
    }

    [Fact]
    public void Version_IsTheLibTorchTorchSharpShipsWith()
    {
        Assert.StartsWith("2.10.0", __version__);
        using var one = ones(1);
        Assert.Equal(DeviceType.CPU, one.device_type);
    }
}
