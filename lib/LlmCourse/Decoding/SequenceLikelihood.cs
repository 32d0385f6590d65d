using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Decoding;

/// <summary>How likely a model finds a sequence: Σ log p(token | the tokens before it) over the tokens after the prompt.</summary>
/// <remarks>
/// The yardstick for comparing strategies: greedy and beam search chase a high value, sampling deliberately gives some up.
/// The sum is what beam search maximises (<see cref="Beam.LogProbability"/>); divided by the number of tokens and negated
/// it is the per-token loss of training. Natural logarithms, computed in float64.
/// </remarks>
public static class SequenceLikelihood
{
    /// <summary>
    /// For each row of (B, T) <paramref name="ids"/>: Σ over t ≥ <paramref name="promptLength"/> of log p(ids[t] | ids[..t]),
    /// the model seeing at most <paramref name="contextLength"/> tokens. One model call per scored position.
    /// </summary>
    public static double[] LogLikelihoods(NextTokenModel model, Tensor ids, int promptLength, int? contextLength = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Generation.RequireIds(ids, nameof(ids));
        long length = ids.shape[1];
        if (promptLength < 1 || promptLength > length)
            throw new ArgumentOutOfRangeException(nameof(promptLength), promptLength,
                $"The prompt length must be between 1 (the model needs something to condition on) and the sequence length, {length}.");

        var totals = new double[ids.shape[0]];
        using (no_grad())
        {
            for (long t = promptLength; t < length; t++)
            {
                using var scope = NewDisposeScope();
                var prefix = NextTokenModels.Crop(ids[.., ..(int)t], contextLength);            // (B, ≤ t)
                var logp = model.Predict(prefix).to(ScalarType.Float64).log_softmax(-1);       // (B, V)
                var scored = logp.gather(1, ids[.., (int)t..((int)t + 1)]).squeeze(1).cpu();    // (B): log p of the actual token
                var values = scored.data<double>().ToArray();
                for (int b = 0; b < totals.Length; b++)
                    totals[b] += values[b];
            }
        }
        return totals;
    }

    /// <summary><see cref="LogLikelihoods"/> for one token sequence (a beam's <see cref="Beam.Tokens"/>, say), put on <paramref name="device"/> (CPU by default).</summary>
    public static double LogLikelihood(
        NextTokenModel model, IReadOnlyList<long> tokens, int promptLength, int? contextLength = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        using var ids = tensor(tokens.ToArray(), device: device).unsqueeze(0);                 // (T) -> (1, T)
        return LogLikelihoods(model, ids, promptLength, contextLength)[0];
    }
}
