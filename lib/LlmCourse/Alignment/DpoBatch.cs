using LlmCourse.Arithmetic;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Alignment;

/// <summary>Preference pairs as one batch for DPO, and the log-probability a model gives each whole response.</summary>
public static class DpoBatch
{
    /// <summary>
    /// Ids (2N, T) of prompt + response, the chosen in rows 0 … N−1 and the rejected in rows N … 2N−1, right-padded with
    /// '\n'; and Mask (2N, T−1) float32, 1 where position t + 1 is a response token (the targets a loss reads).
    /// </summary>
    public static (Tensor Ids, Tensor Mask) Build(IReadOnlyList<PreferencePair> pairs, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
            throw new ArgumentException("No preference pairs to batch.", nameof(pairs));
        var tokenizer = ArithmeticWorld.Tokenizer;
        var rows = pairs.Select(p => (p.Prompt, p.Chosen)).Concat(pairs.Select(p => (p.Prompt, Response: p.Rejected)))
            .Select((r, i) => (Prompt: tokenizer.Encode(r.Prompt, $"prompt {i}"), Response: tokenizer.Encode(r.Item2, $"response {i}")))
            .ToList();
        if (rows.Any(r => r.Response.Length == 0))
            throw new ArgumentException("A response is empty: DPO needs at least one response token on each side.", nameof(pairs));
        int width = rows.Max(r => r.Prompt.Length + r.Response.Length);
        var ids = new long[rows.Count, width];
        var mask = new float[rows.Count, width - 1];
        for (int b = 0; b < rows.Count; b++)
        {
            var (prompt, response) = rows[b];
            for (int t = 0; t < width; t++)
                ids[b, t] = t < prompt.Length ? prompt[t] : t - prompt.Length < response.Length ? response[t - prompt.Length] : ArithmeticWorld.EndOfText;
            for (int t = prompt.Length; t < prompt.Length + response.Length; t++)
                mask[b, t - 1] = 1;                                                  // position t − 1 predicts response token t
        }
        return (tensor(ids, device: device), tensor(mask, device: device));
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
