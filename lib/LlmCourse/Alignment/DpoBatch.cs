using LlmCourse.FineTuning;
using LlmCourse.Gpt;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Alignment;

/// <summary>Preference pairs as one batch for DPO, and the log-probability a model gives each whole response.</summary>
public static class DpoBatch
{
    /// <summary>
    /// Ids (2N, T) of prompt + response, the chosen in rows 0 … N−1 and the rejected in rows N … 2N−1, right-padded with
    /// <paramref name="padId"/>; and Mask (2N, T−1) float32, 1 where position t + 1 is a response token (the targets a loss reads).
    /// </summary>
    public static (Tensor Ids, Tensor Mask) Build(CharTokenizer tokenizer, IReadOnlyList<PreferencePair> pairs, long padId, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
            throw new ArgumentException("No preference pairs to batch.", nameof(pairs));
        var rows = pairs.Select(p => (p.Prompt, Response: p.Chosen)).Concat(pairs.Select(p => (p.Prompt, Response: p.Rejected))).ToList();
        using var scope = NewDisposeScope();
        // SFT's batch already marks the response targets: inputs x = ids[..^1], targets = ids[1..] or Ignore off the response.
        var (inputs, targets) = SftBatch.Build(tokenizer, rows, padId, device: device);   // (2N, T−1) each
        var last = targets[.., ^1..];                                                                // (2N, 1): the final token, or Ignore where it is padding
        var ids = cat([inputs, where(last == SftBatch.Ignore, full_like(last, padId), last)], 1);   // (2N, T)
        var mask = (targets != SftBatch.Ignore).to(ScalarType.Float32);                               // (2N, T−1)
        return (ids.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    /// <summary>(B) Σ_t log π(response token t | prefix) under <paramref name="forward"/>, with autograd when enabled.</summary>
    public static Tensor SequenceLogProbs(Func<Tensor, Tensor> forward, Tensor ids, Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(mask);
        if (ids.dim() != 2 || mask.dim() != 2 || mask.shape[0] != ids.shape[0] || mask.shape[1] != ids.shape[1] - 1)
            throw new ArgumentException($"Expected ids (B, T) and mask (B, T−1); found {Checks.Check.Format(ids.shape)} and {Checks.Check.Format(mask.shape)}.");
        using var scope = NewDisposeScope();
        var logProbs = F.log_softmax(forward(ids[.., ..^1]).to(ScalarType.Float32), -1);           // (B, T−1, V)
        var taken = logProbs.gather(-1, ids[.., 1..].unsqueeze(-1)).squeeze(-1);                   // (B, T−1, 1) -> (B, T−1)
        return (taken * mask).sum(1).MoveToOuterDisposeScope();                                    // (B, T−1) -> (B)
    }
}
