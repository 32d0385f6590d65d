using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Decoding;

/// <summary>A named rule for choosing the next token from (B, V) logits: greedy, or sampling with temperature, top-k and top-p.</summary>
/// <remarks>
/// The name labels a strategy in tables and charts ("top-p 0.9"). Sampling applies its pieces in the order of Hugging
/// Face's generate: temperature first, then top-k, then top-p, so the nucleus is measured on the tempered distribution.
/// </remarks>
public sealed class DecodingStrategy
{
    private readonly Func<Tensor, Tensor> _choose;

    /// <summary>A strategy of your own: <paramref name="choose"/> maps (B, V) logits to (B) int64 token ids.</summary>
    public DecodingStrategy(string name, Func<Tensor, Tensor> choose)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(choose);
        Name = name;
        _choose = choose;
    }

    public string Name { get; }

    /// <summary>Greedy decoding: always the most likely token. Deterministic; no generator needed.</summary>
    public static DecodingStrategy Greedy { get; } = new("greedy", TokenChoice.Greedy);

    /// <summary>One token id per row, (B, V) logits → (B) int64.</summary>
    public Tensor Choose(Tensor logits) => _choose(logits);

    /// <summary>
    /// Sampling from softmax(logits / <paramref name="temperature"/>), restricted to the <paramref name="topK"/> most likely
    /// tokens and to the nucleus of mass <paramref name="topP"/> when given. Draws with <paramref name="generator"/>, so a
    /// seeded generator reproduces the text. Arguments are checked here, not at the first step.
    /// </summary>
    public static DecodingStrategy Sampling(Generator generator, double temperature = 1.0, int? topK = null, double? topP = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Temperature.Validate(temperature);
        if (topK is int k)
            TopK.Validate(k);
        if (topP is double p)
            TopP.Validate(p);

        return new DecodingStrategy(NameOf(temperature, topK, topP), logits =>
        {
            using var scope = NewDisposeScope();
            var z = temperature == 1.0 ? logits : Temperature.Scale(logits, temperature);   // (B, V)
            if (topK is int keep)
                z = TopK.Filter(z, keep);
            if (topP is double mass)
                z = TopP.Filter(z, mass);
            return TokenChoice.Sample(z, generator).MoveToOuterDisposeScope();           // (B)
        });
    }

    public override string ToString() => Name;

    /// <summary>"sampling", "T = 0.7", "top-k 40", "T = 0.7, top-p 0.9": what a table row would say.</summary>
    private static string NameOf(double temperature, int? topK, double? topP)
    {
        var parts = new List<string>();
        if (temperature != 1.0)
            parts.Add("T = " + temperature.ToString(CultureInfo.InvariantCulture));
        if (topK is int k)
            parts.Add("top-k " + k.ToString(CultureInfo.InvariantCulture));
        if (topP is double p)
            parts.Add("top-p " + p.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "sampling" : string.Join(", ", parts);
    }
}
