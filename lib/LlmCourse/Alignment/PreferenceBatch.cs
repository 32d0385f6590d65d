using LlmCourse.Arithmetic;
using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>Preference pairs as one right-padded batch: the chosen texts in rows 0 … N−1, the rejected in rows N … 2N−1.</summary>
public static class PreferenceBatch
{
    /// <summary>Ids (2N, T) of prompt + response, padded with '\n', and LastIndex (2N) int64: each row's last real position.</summary>
    public static (Tensor Ids, Tensor LastIndex) Build(IReadOnlyList<PreferencePair> pairs, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
            throw new ArgumentException("No preference pairs to batch.", nameof(pairs));
        var texts = pairs.Select(p => p.Prompt + p.Chosen).Concat(pairs.Select(p => p.Prompt + p.Rejected)).ToList();
        return Build(texts, device);
    }

    /// <summary>Any prompt + response texts of the toy world as ids (B, T) and last positions (B).</summary>
    public static (Tensor Ids, Tensor LastIndex) Build(IReadOnlyList<string> texts, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var tokenizer = ArithmeticWorld.Tokenizer;
        var rows = texts.Select((t, i) => tokenizer.Encode(t, $"text {i}")).ToList();
        int width = rows.Max(r => r.Length);
        var ids = new long[rows.Count, width];
        var last = new long[rows.Count];
        for (int b = 0; b < rows.Count; b++)
        {
            if (rows[b].Length == 0)
                throw new ArgumentException($"Text {b} is empty: a reward model needs at least one token to read.", nameof(texts));
            for (int t = 0; t < width; t++)
                ids[b, t] = t < rows[b].Length ? rows[b][t] : ArithmeticWorld.EndOfText;
            last[b] = rows[b].Length - 1;
        }
        return (tensor(ids, device: device), tensor(last, device: device));
    }
}
