using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.FineTuning;

/// <summary>Supervised fine-tuning's loss: mean cross-entropy over the positions whose target is not <see cref="SftBatch.Ignore"/>.</summary>
public static class SftLoss
{
    /// <summary>Logits (B, T, V) against targets (B, T) from <see cref="SftBatch.Build"/>.</summary>
    public static Tensor Compute(Tensor logits, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (logits.dim() != 3 || targets.dim() != 2 || logits.shape[0] != targets.shape[0] || logits.shape[1] != targets.shape[1])
            throw new ArgumentException($"Expected logits (B, T, V) and targets (B, T), found {Checks.Check.Format(logits.shape)} and {Checks.Check.Format(targets.shape)}.");
        // Every target ignored would make the mean 0/0 = NaN: say why instead.
        if (!(targets != SftBatch.Ignore).any().item<bool>())
            throw new ArgumentException("Every target is ignored (all prompt or padding): the batch has no response tokens to learn from.", nameof(targets));
        return F.cross_entropy(logits.reshape(-1, logits.shape[2]), targets.reshape(-1), ignore_index: SftBatch.Ignore);   // (B*T, V) vs (B*T)
    }
}
