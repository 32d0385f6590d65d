using LlmCourse.Checks;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Decoding;

/// <summary>Any language model, seen from the decoder: token ids (B, T) int64 in, logits (B, V) for the next token out.</summary>
/// <remarks>
/// Every decoding strategy only ever asks one question of a model: "given these tokens, how likely is each next one?".
/// Taking the model as this one function keeps the strategies independent of any architecture: a bigram table and GPT
/// both fit. The ids it receives are cropped to what the model can read (the contextLength of the loops here, or of
/// <see cref="NextTokenModels.LastPosition"/>); the logits are unnormalised scores, one row per sequence of the batch.
/// The loops call it under no_grad; putting a module in eval mode (dropout off) is the caller's job. A model that
/// scores every position, such as GPT, is wrapped with <see cref="NextTokenModels.LastPosition"/>.
/// </remarks>
public delegate Tensor NextTokenModel(Tensor ids);

/// <summary>Ways to make a <see cref="NextTokenModel"/>: from a model that scores every position, or from a bigram table.</summary>
public static class NextTokenModels
{
    /// <summary>
    /// Wraps a model that maps (B, T) ids to (B, T, V) logits: crops to the last <paramref name="contextLength"/>
    /// tokens and keeps the last position's logits. For GPT: <c>NextTokenModels.LastPosition(gpt.call, blockSize)</c>.
    /// </summary>
    public static NextTokenModel LastPosition(Func<Tensor, Tensor> logitsAtEveryPosition, int? contextLength = null)
    {
        ArgumentNullException.ThrowIfNull(logitsAtEveryPosition);
        if (contextLength is <= 0)
            throw new ArgumentOutOfRangeException(nameof(contextLength), contextLength,
                "The context length must be at least 1 token; leave it null to pass the whole sequence.");
        return ids =>
        {
            var context = Crop(ids, contextLength);              // (B, T) -> (B, min(T, context))
            var logits = logitsAtEveryPosition(context);         // (B, T, V)
            return logits[.., -1, ..];                           // (B, V): only the last position predicts the next token
        };
    }

    /// <summary>
    /// A bigram model as a function: the next token's logits are row <c>last token</c> of <paramref name="logitsTable"/>
    /// (V, V). Small enough to write by hand, which is what the tests and the beam-search example need.
    /// </summary>
    public static NextTokenModel Bigram(Tensor logitsTable)
    {
        ArgumentNullException.ThrowIfNull(logitsTable);
        if (logitsTable.dim() != 2 || logitsTable.shape[0] != logitsTable.shape[1])
            throw new ArgumentException(
                $"A bigram table is square, (V, V): row i holds the logits of the token after token i. Found shape {Check.Format(logitsTable.shape)}.",
                nameof(logitsTable));
        return ids => logitsTable.index_select(0, ids[.., -1]);   // (B, T) -> last token (B) -> its row (B, V)
    }

    /// <summary>Calls the model and checks that it kept its side of the contract: (B, V) floating-point logits.</summary>
    internal static Tensor Predict(this NextTokenModel model, Tensor ids)
    {
        var logits = model(ids);
        if (logits is null || logits.dim() != 2 || logits.shape[0] != ids.shape[0] || !logits.is_floating_point())
            throw new InvalidOperationException(
                $"A NextTokenModel maps (B, T) ids to (B, V) floating-point logits for the next token; for ids {Check.Format(ids.shape)} "
                + $"this one returned {(logits is null ? "null" : $"{logits.dtype} {Check.Format(logits.shape)}")}. "
                + "Wrap a model that scores every position, (B, T, V), with NextTokenModels.LastPosition.");
        return logits;
    }

    /// <summary>The last <paramref name="contextLength"/> columns of (B, T) ids, or the ids themselves when null or long enough.</summary>
    public static Tensor Crop(Tensor ids, int? contextLength)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (contextLength is not int length || ids.shape[1] <= length)
            return ids;
        return ids[.., ^length..];                               // (B, T) -> (B, length): the model cannot see further back
    }
}
