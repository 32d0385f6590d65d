using LlmCourse.Checks;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Decoding;

/// <summary>The autoregressive loop: predict the next token, choose one with a strategy, append it, repeat.</summary>
/// <remarks>
/// The loop of nanoGPT's GPT.generate (github.com/karpathy/nanoGPT, model.py), with the choice of token left to a
/// <see cref="DecodingStrategy"/>. Each step runs in its own dispose scope: the step's logits and temporaries are freed
/// when it ends, and only the grown sequence survives, so memory stays flat however many tokens are generated.
/// </remarks>
public static class Generation
{
    /// <summary>
    /// (B, T) int64 prompt → (B, T + n) ids with n ≤ <paramref name="newTokens"/> appended, on the prompt's device. The model
    /// sees the last <paramref name="contextLength"/> tokens (all when null). With <paramref name="stopToken"/>, a row that
    /// has produced it keeps repeating it (rows stay the same length) and the loop ends once every row has; see
    /// <see cref="Continuations"/> to cut rows there.
    /// </summary>
    public static Tensor Generate(
        NextTokenModel model, Tensor prompt, int newTokens, DecodingStrategy strategy,
        int? contextLength = null, long? stopToken = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(strategy);
        RequireIds(prompt, nameof(prompt));
        ArgumentOutOfRangeException.ThrowIfNegative(newTokens);
        if (contextLength is <= 0)
            throw new ArgumentOutOfRangeException(nameof(contextLength), contextLength,
                "The context length must be at least 1 token (the model's block size); leave it null to show the model everything.");

        var ids = prompt.clone();                                   // (B, T); the caller's prompt is never touched
        Tensor? finished = null;                                    // (B) bool: rows that have produced the stop token
        using (no_grad())
        {
            for (int step = 0; step < newTokens; step++)
            {
                using var scope = NewDisposeScope();
                var logits = model.Predict(NextTokenModels.Crop(ids, contextLength));   // (B, V)
                var next = strategy.Choose(logits).to(ScalarType.Int64, ids.device);     // (B)
                if (!next.shape.SequenceEqual([ids.shape[0]]))
                    throw new InvalidOperationException(
                        $"Strategy '{strategy.Name}' returned shape {Check.Format(next.shape)}; it must return one token id per row, ({ids.shape[0]}).");
                if (stopToken is long stop)
                {
                    if (finished is not null)
                        next = next.masked_fill(finished, stop);    // a finished row only pads with the stop token
                    var nowFinished = next == stop;                 // (B) bool
                    finished?.Dispose();
                    finished = nowFinished.MoveToOuterDisposeScope();
                }
                var longer = cat([ids, next.unsqueeze(1)], 1);      // (B, T) -> (B, T + 1)
                ids.Dispose();
                ids = longer.MoveToOuterDisposeScope();
                if (finished is not null && finished.all().item<bool>())
                    break;
            }
        }
        finished?.Dispose();
        return ids;
    }

    /// <summary>
    /// Each row's tokens after the first <paramref name="promptLength"/>, as arrays, cut before the first
    /// <paramref name="stopToken"/> when given: what the repetition metrics and a tokenizer's Decode want.
    /// </summary>
    public static long[][] Continuations(Tensor ids, int promptLength, long? stopToken = null)
    {
        RequireIds(ids, nameof(ids));
        if (promptLength < 0 || promptLength > ids.shape[1])
            throw new ArgumentOutOfRangeException(nameof(promptLength), promptLength,
                $"The prompt length must be between 0 and the sequence length, {ids.shape[1]}.");
        using var onCpu = ids.cpu();
        var rows = new long[ids.shape[0]][];
        for (int b = 0; b < rows.Length; b++)
        {
            using var row = onCpu[b];
            var tokens = row.data<long>().Skip(promptLength).ToArray();
            int end = stopToken is long stop && Array.IndexOf(tokens, stop) is int at and >= 0 ? at : tokens.Length;
            rows[b] = tokens[..end];
        }
        return rows;
    }

    internal static void RequireIds(Tensor ids, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(ids, parameterName);
        if (ids.dim() != 2 || ids.shape[1] == 0 || ids.dtype != ScalarType.Int64)
            throw new ArgumentException(
                $"Expected token ids as a (B, T) int64 tensor with T ≥ 1; found {ids.dtype} {Check.Format(ids.shape)}. "
                + "For one sequence use tensor(tokens).unsqueeze(0); for one start token, tensor(new long[,] { { id } }).",
                parameterName);
    }
}
