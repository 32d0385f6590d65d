namespace LlmCourse.Diffusion;

/// <summary>Character tokens over the poems' alphabet (with '\n' between lines) plus four special tokens.</summary>
/// <remarks>
/// Ids 0–3 are the specials: [MASK] (the diffusion model's blank), [EOS] (end of an answer; answers are padded with it, as
/// LLaDA pads its SFT responses with |EOS|), [NEXT] and [PREV] (which completion task a prompt asks for). Characters follow
/// in ordinal order, so the same poems give the same ids on every run.
/// </remarks>
public sealed class PoemVocabulary
{
    public const int MaskId = 0, EosId = 1, NextId = 2, PrevId = 3;
    private static readonly string[] Specials = ["[MASK]", "[EOS]", "[NEXT]", "[PREV]"];
    private readonly char[] chars;
    private readonly Dictionary<char, int> ids;

    public PoemVocabulary(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        chars = texts.SelectMany(t => t).Append('\n').Distinct().OrderBy(c => c).ToArray();
        ids = chars.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i + Specials.Length);
    }

    /// <summary>Specials plus characters.</summary>
    public int Size => Specials.Length + chars.Length;

    /// <summary>The characters, in id order (after the specials).</summary>
    public IReadOnlyList<char> Characters => chars;

    /// <summary>Characters to ids; a character outside the alphabet throws and names it.</summary>
    public long[] Encode(string text) => text.Select(c => ids.TryGetValue(c, out int id) ? (long)id
        : throw new ArgumentException($"Character '{c}' (U+{(int)c:X4}) is not in the poems' alphabet of {chars.Length} characters. "
            + "Build the vocabulary from texts that contain it.", nameof(text))).ToArray();

    /// <summary>Ids to text; specials are written by name ([MASK], [EOS], …).</summary>
    public string Decode(IEnumerable<long> tokens) => string.Concat(tokens.Select(TokenText));

    /// <summary>One token as text.</summary>
    public string TokenText(long id) => id >= 0 && id < Specials.Length ? Specials[id]
        : id >= Specials.Length && id < Size ? chars[id - Specials.Length].ToString()
        : throw new ArgumentOutOfRangeException(nameof(id), $"Token id {id} is outside the vocabulary of {Size}.");

    /// <summary>An answer's text: the characters before the first [EOS]; a stray special inside counts as '?'.</summary>
    public string AnswerText(IEnumerable<long> tokens) => string.Concat(tokens.TakeWhile(t => t != EosId)
        .Select(t => t >= Specials.Length && t < Size ? chars[t - Specials.Length] : '?'));
}
