using static TorchSharp.torch;

namespace LlmCourse.Transformer;

/// <summary>The GELU activation, x·Φ(x), exactly and in GPT-2's tanh approximation, written out.</summary>
/// <remarks>
/// Hendrycks and Gimpel 2016, "Gaussian Error Linear Units (GELUs)". GPT-2 (Radford et al. 2019; openai/gpt-2 model.py)
/// uses the tanh approximation, which Hugging Face calls "gelu_new" and libtorch computes with
/// <c>F.gelu(x, GELU.Approximate.tanh)</c>; karpathy/nanoGPT uses the exact form. The two differ by less than 1e-3.
/// </remarks>
public static class Gelu
{
    /// <summary>0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))): GPT-2's GELU, the one <see cref="Mlp"/> uses.</summary>
    public static Tensor Tanh(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var inner = Math.Sqrt(2.0 / Math.PI) * (x + 0.044715 * x.pow(3));
        return (0.5 * x * (1 + inner.tanh())).MoveToOuterDisposeScope();
    }

    /// <summary>0.5·x·(1 + erf(x/√2)) = x·Φ(x), with Φ the standard normal's cumulative distribution.</summary>
    public static Tensor Exact(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        return (0.5 * x * (1 + (x / Math.Sqrt(2.0)).erf())).MoveToOuterDisposeScope();
    }
}
