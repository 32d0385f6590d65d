using static TorchSharp.torch;

namespace LlmCourse.Diffusion;

/// <summary>Temperature sampling as an argmax: argmax(logits/τ + Gumbel noise) draws from softmax(logits/τ).</summary>
/// <remarks>
/// The Gumbel-max trick (Gumbel 1954; Maddison et al. 2014). ML-GSAI/LLaDA generate.py (add_gumbel_noise) writes it as
/// exp(logits) / (−log u)^τ in float64; we add τ·g in log space, the same argmax without overflow. τ = 0 leaves the
/// logits alone, so the argmax is greedy.
/// </remarks>
public static class GumbelNoise
{
    /// <summary>Logits (…, V) + τ·g with g = −log(−log u), u ~ U(0, 1), in float64; the logits themselves when τ = 0.</summary>
    public static Tensor Add(Tensor logits, double temperature, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (temperature < 0 || double.IsNaN(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), $"Temperature must be ≥ 0, not {temperature}.");
        if (temperature == 0)
            return logits.alias();
        using var scope = NewDisposeScope();
        var u = rand(logits.shape, dtype: ScalarType.Float64, generator: generator, device: logits.device).clamp_min(1e-20);
        var g = -(-u.log()).log();                                                     // (…, V) standard Gumbel
        return (logits.to(ScalarType.Float64) + temperature * g).MoveToOuterDisposeScope();
    }
}
