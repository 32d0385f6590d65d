using LlmCourse.Checks;
using static TorchSharp.torch;

namespace LlmCourse.Decoding;

/// <summary>The checks every logit transform shares: floating-point scores with the vocabulary along the last dimension.</summary>
internal static class LogitsGuard
{
    public static void Require(Tensor logits, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(logits, parameterName);
        if (logits.dim() is < 1 or > 2 || logits.shape[^1] == 0)
            throw new ArgumentException(
                $"Expected logits of shape (B, V) or (V), one score per vocabulary token; found {Check.Format(logits.shape)}. "
                + "For a model's (B, T, V) output keep the last position: logits[.., -1, ..].",
                parameterName);
        if (!logits.is_floating_point())
            throw new ArgumentException(
                $"Logits are scores, a floating-point tensor; found {logits.dtype}. Convert with .to(ScalarType.Float32).",
                parameterName);
    }
}
