using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Diffusion;

/// <summary>LLaDA's training losses: cross-entropy on the masked positions only, each weighted by 1/p (p = its mask probability).</summary>
/// <remarks>
/// Nie et al. 2025, Eq. (3) (pretraining) and Eq. (5) (SFT); ML-GSAI/LLaDA GUIDELINES.md. The 1/t weight makes the loss
/// an upper bound on the negative log-likelihood: a sequence masked with small t has few masked tokens, each counting more.
/// </remarks>
public static class DiffusionLoss
{
    /// <summary>Per-token weighted cross-entropy (B, T): CE/p at masked positions, 0 elsewhere.</summary>
    public static Tensor TokenLosses(Tensor logits, Tensor targets, Tensor masked, Tensor maskProbability)
    {
        if (logits.dim() != 3 || !targets.shape.SequenceEqual(logits.shape[..2]) || !masked.shape.SequenceEqual(targets.shape)
            || !maskProbability.shape.SequenceEqual(targets.shape))
            throw new ArgumentException($"Expected logits (B, T, V) with targets, masked and p all (B, T); got logits "
                + $"{Checks.Check.Format(logits.shape)}, targets {Checks.Check.Format(targets.shape)}, masked {Checks.Check.Format(masked.shape)}, "
                + $"p {Checks.Check.Format(maskProbability.shape)}.");
        using var scope = NewDisposeScope();
        long b = logits.shape[0], t = logits.shape[1], v = logits.shape[2];
        var ce = F.cross_entropy(logits.reshape(b * t, v), targets.reshape(b * t), reduction: nn.Reduction.None)
            .reshape(b, t);                                                                  // (B*T, V) -> (B*T) -> (B, T)
        var weighted = where(masked, ce / maskProbability, zeros_like(ce));                  // (B, T): unmasked tokens cost nothing
        if (weighted.isnan().any().item<bool>())
            throw new InvalidOperationException("The diffusion loss is NaN: the logits hold NaN or inf. Lower the learning rate or check the model's input.");
        return weighted.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Pretraining loss: the sum of CE/p over masked tokens, divided by <paramref name="positions"/>, by default B·T (every
    /// position, masked or not). When some batches are cut short, pass the positions of a full batch (B·BlockSize): a short
    /// batch then weighs what its tokens are worth, instead of BlockSize/T times more per token. Its few, 1/p-weighted
    /// tokens are a very noisy estimate, and scaled up they give gradient spikes that slow the whole run.
    /// </summary>
    public static Tensor Pretraining(Tensor logits, Tensor targets, Tensor masked, Tensor maskProbability, long? positions = null)
    {
        using var scope = NewDisposeScope();
        var tokens = TokenLosses(logits, targets, masked, maskProbability);                  // (B, T)
        long denominator = positions ?? tokens.numel();
        if (denominator < tokens.numel())
            throw new ArgumentOutOfRangeException(nameof(positions), $"positions ({denominator}) must count at least the batch's own {tokens.numel()} positions.");
        return (tokens.sum() / (double)denominator).MoveToOuterDisposeScope();
    }

    /// <summary>Each sequence's pretraining loss (B): sum of CE/p over its masked tokens / T; for charts of loss against t.</summary>
    public static Tensor PerSequence(Tensor logits, Tensor targets, Tensor masked, Tensor maskProbability)
    {
        using var scope = NewDisposeScope();
        var tokens = TokenLosses(logits, targets, masked, maskProbability);                  // (B, T)
        return (tokens.sum(1) / (double)tokens.shape[1]).MoveToOuterDisposeScope();          // (B, T) -> (B)
    }

    /// <summary>
    /// SFT loss: masks only fall on the answer, and each sequence's CE/p sum is divided by its answer length
    /// (B) before averaging over the batch, so long and short answers weigh the same.
    /// </summary>
    public static Tensor Sft(Tensor logits, Tensor targets, Tensor masked, Tensor maskProbability, Tensor answerLengths)
    {
        using var scope = NewDisposeScope();
        var tokens = TokenLosses(logits, targets, masked, maskProbability);                  // (B, T)
        var lengths = answerLengths.to(ScalarType.Float32).to(tokens.device);                // (B)
        if ((lengths <= 0).any().item<bool>())
            throw new ArgumentException("Every answer needs at least one token: an answer length is 0.", nameof(answerLengths));
        return ((tokens.sum(1) / lengths).mean()).MoveToOuterDisposeScope();                  // (B, T) -> (B) -> ()
    }
}
