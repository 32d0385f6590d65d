using static TorchSharp.torch;

namespace LlmCourse.Tests.Attention;

/// <summary>Comparisons shared by the Attention, Transformer, Gpt and Checkpoints tests.</summary>
internal static class TensorAsserts
{
    /// <summary>Same shape, dtype and every element bit for bit (TorchSharp's Tensor.equal is element-wise).</summary>
    public static bool Identical(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();

    /// <summary>The largest |a − b|, in float64.</summary>
    public static double MaxDifference(Tensor a, Tensor b) => (a.to(ScalarType.Float64) - b.to(ScalarType.Float64)).abs().max().item<double>();
}
