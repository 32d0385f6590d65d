using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Diffusion;

/// <summary>A masked batch: the noisy ids, which positions were masked, each position's mask probability and each row's t.</summary>
public sealed record MaskedBatch(Tensor Noisy, Tensor Masked, Tensor MaskProbability, Tensor T);

/// <summary>LLaDA's forward (noising) process: draw t ~ U(0, 1) per sequence and mask each token with probability t.</summary>
/// <remarks>
/// Nie et al. 2025, "Large Language Diffusion Models" (arXiv:2502.09992), §2.1; ML-GSAI/LLaDA GUIDELINES.md
/// (forward_process). The probability is floored, p = (1 − eps)·t + eps, so no sequence goes entirely unmasked and the
/// 1/p weight of the loss stays bounded (at most 1/eps).
/// </remarks>
public static class ForwardProcess
{
    /// <summary>
    /// B times in [0, 1), one in each stratum [i/B, (i + 1)/B), in random order: t_i = (i + u)/B with one shared u ~ U(0, 1).
    /// Each t is still uniform, so the loss keeps its expectation, but a batch never clusters its t's and the
    /// 1/t-weighted loss varies less from batch to batch (the low-discrepancy sampler of Kingma et al. 2021,
    /// "Variational Diffusion Models", Appendix I.1, used for masked diffusion by Sahoo et al. 2024, MDLM).
    /// </summary>
    public static Tensor StratifiedTimes(long batch, Generator? generator = null, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        using var scope = NewDisposeScope();
        var u = rand(1, generator: generator);                                                    // (1): the shared offset
        var strata = (arange(batch, dtype: ScalarType.Float32) + u) / batch;                       // (B): one per stratum
        return strata[randperm(batch, generator: generator)].to(device ?? CPU).MoveToOuterDisposeScope();   // shuffled across rows
    }

    /// <summary>The floored mask probability (1 − eps)·t + eps.</summary>
    public static double MaskProbability(double t, double eps = 1e-3) => (1 - eps) * t + eps;

    /// <summary>
    /// Masks ids (B, T) int64: t (B) is drawn from <paramref name="generator"/> unless given. Positions before
    /// <paramref name="promptLengths"/> (B), when given, are never masked (SFT: the prompt stays clean).
    /// </summary>
    public static MaskedBatch Apply(Tensor ids, long maskId, Generator? generator = null, double eps = 1e-3,
        Tensor? t = null, Tensor? promptLengths = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.dim() != 2 || ids.dtype != ScalarType.Int64)
            throw new ArgumentException($"Ids must be (B, T) int64, not {Checks.Check.Format(ids.shape)} {ids.dtype}.", nameof(ids));
        if (eps <= 0 || eps >= 1)
            throw new ArgumentOutOfRangeException(nameof(eps), $"eps must lie in (0, 1), not {eps}: it floors the mask probability.");
        long b = ids.shape[0], length = ids.shape[1];
        using var scope = NewDisposeScope();
        var times = t ?? rand(b, generator: generator, device: ids.device);                        // (B)
        if (times.shape.Length != 1 || times.shape[0] != b)
            throw new ArgumentException($"t must be (B) = ({b}), not {Checks.Check.Format(times.shape)}.", nameof(t));
        var p = ((1 - eps) * times.to(ScalarType.Float32) + eps).unsqueeze(1).expand(b, length).contiguous();  // (B) -> (B, T)
        var masked = rand(b, length, generator: generator, device: ids.device) < p;                 // (B, T) bool
        if (promptLengths is not null)
        {
            var positions = arange(length, device: ids.device).unsqueeze(0);                       // (1, T)
            masked = masked & (positions >= promptLengths.to(ids.device).unsqueeze(1));             // (B, T): prompt never masked
        }
        var noisy = where(masked, full_like(ids, maskId), ids);                                     // (B, T)
        return new MaskedBatch(noisy.MoveToOuterDisposeScope(), masked.MoveToOuterDisposeScope(),
            p.MoveToOuterDisposeScope(), times.clone().MoveToOuterDisposeScope());
    }
}
