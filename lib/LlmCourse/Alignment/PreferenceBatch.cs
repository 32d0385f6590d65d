using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>Preference pairs as one right-padded batch: the chosen texts in rows 0 … N−1, the rejected in rows N … 2N−1.</summary>
public static class PreferenceBatch
{
    /// <summary>Ids (2N, T) of prompt + response, padded with <paramref name="padId"/>, and LastIndex (2N) int64: each row's last real position.</summary>
    public static (Tensor Ids, Tensor LastIndex) Build(CharTokenizer tokenizer, IReadOnlyList<PreferencePair> pairs, long padId, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
            throw new ArgumentException("No preference pairs to batch.", nameof(pairs));
        var texts = pairs.Select(p => p.Prompt + p.Chosen).Concat(pairs.Select(p => p.Prompt + p.Rejected)).ToList();
        return Build(tokenizer, texts, padId, device);
    }

    /// <summary>Any prompt + response texts as ids (B, T), right-padded with <paramref name="padId"/>, and last positions (B).</summary>
    public static (Tensor Ids, Tensor LastIndex) Build(CharTokenizer tokenizer, IReadOnlyList<string> texts, long padId, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(texts);
        var rows = texts.Select((t, i) => tokenizer.Encode(t, $"text {i}")).ToList();
        int width = rows.Max(r => r.Length);
        var ids = new long[rows.Count, width];
        var last = new long[rows.Count];
        for (int b = 0; b < rows.Count; b++)
        {
            if (rows[b].Length == 0)
                throw new ArgumentException($"Text {b} is empty: a reward model needs at least one token to read.", nameof(texts));
            for (int t = 0; t < width; t++)
                ids[b, t] = t < rows[b].Length ? rows[b][t] : padId;
            last[b] = rows[b].Length - 1;
        }
        return (tensor(ids, device: device), tensor(last, device: device));
    }
}
