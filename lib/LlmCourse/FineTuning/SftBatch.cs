using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.FineTuning;

/// <summary>(Prompt, response) pairs as one right-padded batch whose targets say where supervised fine-tuning takes its loss.</summary>
/// <remarks>
/// Each row is prompt + response, shifted by one as in pretraining (x = ids[..^1], y = ids[1..]). A target is
/// <see cref="Ignore"/> (PyTorch's ignore_index, −100, as Hugging Face uses it) where no loss is taken: on padding, and
/// on prompt tokens unless <c>lossOnPrompt</c>. Masking the prompt is the usual SFT choice (InstructGPT; rasbt/LLMs-from-scratch
/// ch07): the model should learn to answer, not to write questions.
/// </remarks>
public static class SftBatch
{
    /// <summary>The target value that takes no loss.</summary>
    public const long Ignore = -100;

    /// <summary>
    /// Ids and targets (B, T), T = the longest prompt + response − 1, for character-level (prompt, response) pairs; padding
    /// is <paramref name="padId"/> with target <see cref="Ignore"/>.
    /// </summary>
    public static (Tensor Ids, Tensor Targets) Build(
        CharTokenizer tokenizer, IReadOnlyList<(string Prompt, string Response)> pairs, long padId, bool lossOnPrompt = false, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
            throw new ArgumentException("No examples to batch.", nameof(pairs));
        var rows = pairs.Select((p, i) =>
        {
            if (string.IsNullOrEmpty(p.Response))
                throw new ArgumentException($"Example {i} has an empty response: there is nothing to learn from it.", nameof(pairs));
            return (Prompt: tokenizer.Encode(p.Prompt, $"prompt {i}"), Response: tokenizer.Encode(p.Response, $"response {i}"));
        }).ToList();
        int width = rows.Max(r => r.Prompt.Length + r.Response.Length) - 1;
        var ids = new long[rows.Count, width];
        var targets = new long[rows.Count, width];
        for (int b = 0; b < rows.Count; b++)
        {
            long[] full = [.. rows[b].Prompt, .. rows[b].Response];
            int promptLength = rows[b].Prompt.Length;
            for (int t = 0; t < width; t++)
            {
                bool inside = t + 1 < full.Length;
                ids[b, t] = t < full.Length ? full[t] : padId;
                // targets[b, t] is full[t + 1]: a prompt token when t + 1 < promptLength.
                targets[b, t] = !inside ? Ignore : (t + 1 < promptLength && !lossOnPrompt ? Ignore : full[t + 1]);
            }
        }
        return (tensor(ids, device: device), tensor(targets, device: device));
    }
}
