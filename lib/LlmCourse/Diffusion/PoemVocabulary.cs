namespace LlmCourse.Diffusion;

/// <summary>Word tokens over the poems' lines (words split at spaces, punctuation kept on its word) plus four special tokens.</summary>
/// <remarks>
/// Ids 0–3 are the specials: [MASK] (the diffusion model's blank), [EOS] (end of a line; every line is padded with it to a
/// fixed slot, as LLaDA pads its SFT responses with |EOS|), [NEXT] and [PREV] (which completion task a prompt asks for).
/// Words follow in ordinal order, so the same poems give the same ids on every run. Words, not characters: a line is then
/// a handful of tokens instead of two dozen, so a masked-diffusion model has far fewer predictions per line to memorise
/// (notebook 16 counts both, under "The poems").
/// </remarks>
public sealed class PoemVocabulary
{
    public const int MaskId = 0, EosId = 1, NextId = 2, PrevId = 3;
    private static readonly string[] Specials = ["[MASK]", "[EOS]", "[NEXT]", "[PREV]"];
    private readonly string[] words;
    private readonly Dictionary<string, int> ids;

    /// <param name="lines">Every line the vocabulary must encode.</param>
    public PoemVocabulary(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        words = lines.SelectMany(Split).Distinct().OrderBy(w => w, StringComparer.Ordinal).ToArray();
        ids = words.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i + Specials.Length, StringComparer.Ordinal);
    }

    /// <summary>Specials plus words.</summary>
    public int Size => Specials.Length + words.Length;

    /// <summary>The words, in id order (after the specials).</summary>
    public IReadOnlyList<string> Words => words;

    /// <summary>A line's words: split at single spaces, so joining them with one space gives the line back.</summary>
    public static string[] Split(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Split(' ');
        if (parts.Any(p => p.Length == 0 || p.Contains('\n')))
            throw new ArgumentException($"Line '{line}' is not words separated by single spaces (empty word or line break); "
                + "trim it and collapse its spaces first.", nameof(line));
        return parts;
    }

    /// <summary>A line to ids; a word outside the vocabulary throws and names it.</summary>
    public long[] Encode(string line) => Split(line).Select(w => ids.TryGetValue(w, out int id) ? (long)id
        : throw new ArgumentException($"Word '{w}' is not in the poems' vocabulary of {words.Length} words. "
            + "Build the vocabulary from lines that contain it.", nameof(line))).ToArray();

    /// <summary>
    /// A line in a slot of <paramref name="slot"/> tokens: its words, then [EOS] to the end. The slot must hold the line and at
    /// least one [EOS], so that the end of the line is always marked.
    /// </summary>
    public long[] Slot(string line, int slot)
    {
        var encoded = Encode(line);
        if (encoded.Length >= slot)
            throw new ArgumentException($"Line '{line}' has {encoded.Length} words; a slot of {slot} must exceed the longest line "
                + "so that one [EOS] always follows.", nameof(slot));
        return [.. encoded, .. Enumerable.Repeat((long)EosId, slot - encoded.Length)];
    }

    /// <summary>Ids to text, tokens separated by spaces; specials are written by name ([MASK], [EOS], …).</summary>
    public string Decode(IEnumerable<long> tokens) => string.Join(' ', tokens.Select(TokenText));

    /// <summary>One token as text.</summary>
    public string TokenText(long id) => id >= 0 && id < Specials.Length ? Specials[id]
        : id >= Specials.Length && id < Size ? words[id - Specials.Length]
        : throw new ArgumentOutOfRangeException(nameof(id), $"Token id {id} is outside the vocabulary of {Size}.");

    /// <summary>A line's text: the words before the first [EOS], joined by spaces; a stray special inside counts as '?'.</summary>
    public string AnswerText(IEnumerable<long> tokens) => string.Join(' ', tokens.TakeWhile(t => t != EosId)
        .Select(t => t >= Specials.Length && t < Size ? words[t - Specials.Length] : "?"));
}
