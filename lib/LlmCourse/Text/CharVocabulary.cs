namespace LlmCourse.Text;

/// <summary>Characters to indices and back, with '.' at index 0 marking where a name starts and where it ends.</summary>
/// <remarks>
/// makemore's convention (github.com/karpathy/makemore): one special token, '.', serves as both start and end, so the
/// model's 27 outputs for names are "end the name here" and the 26 letters. The other characters follow in ordinal order.
/// </remarks>
public sealed class CharVocabulary
{
    /// <summary>The start/end token. It is never a character of the text itself.</summary>
    public const char Boundary = '.';

    private readonly char[] _itos;                        // index -> character
    private readonly Dictionary<char, int> _stoi;        // character -> index

    private CharVocabulary(char[] characters)
    {
        _itos = characters;
        _stoi = characters.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
    }

    /// <summary>The vocabulary of every character in <paramref name="texts"/>, plus the boundary token at index 0.</summary>
    public static CharVocabulary FromText(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var seen = new HashSet<char>();
        int line = 0;
        foreach (var text in texts)
        {
            line++;
            int at = text.IndexOf(Boundary);
            // '.' already means "start or end"; letting it into the text would give it two meanings.
            if (at >= 0)
                throw new ArgumentException(
                    $"Text {line} (\"{text}\") contains '{Boundary}' at position {at}, which is reserved for the start/end token. "
                    + "Remove it from the text, or map it to another character first.", nameof(texts));
            seen.UnionWith(text);
        }
        if (seen.Count == 0)
            throw new ArgumentException("No characters to build a vocabulary from: the texts are empty.", nameof(texts));
        // char compares by code point, so the order is the same on every machine and culture.
        return new CharVocabulary([Boundary, .. seen.Order()]);
    }

    /// <summary>Number of tokens, the boundary included (27 for names.txt).</summary>
    public int Size => _itos.Length;

    /// <summary>Every token in index order; position 0 is the boundary.</summary>
    public IReadOnlyList<char> Characters => _itos;

    /// <summary>True when <paramref name="c"/> has an index.</summary>
    public bool Contains(char c) => _stoi.ContainsKey(c);

    /// <summary>The index of one character; throws <see cref="UnknownCharacterException"/> when it has none.</summary>
    public int IndexOf(char c, string source = "the caller") =>
        _stoi.TryGetValue(c, out int index) ? index : throw new UnknownCharacterException(c, c.ToString(), 0, source, Describe());

    /// <summary>The character at <paramref name="index"/>.</summary>
    public char CharAt(long index)
    {
        if (index < 0 || index >= _itos.Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Index {index} is outside the vocabulary's 0..{_itos.Length - 1}.");
        return _itos[index];
    }

    /// <summary>One index per character, no boundary added. <paramref name="source"/> says where the text came from, for errors.</summary>
    public int[] Encode(string text, string source = "the caller")
    {
        ArgumentNullException.ThrowIfNull(text);
        var indices = new int[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            if (!_stoi.TryGetValue(text[i], out indices[i]))
                throw new UnknownCharacterException(text[i], text, i, source, Describe());
        }
        return indices;
    }

    /// <summary>The characters of these indices, boundaries included as '.'.</summary>
    public string Decode(IEnumerable<int> indices) => new(indices.Select(i => CharAt(i)).ToArray());

    /// <summary>The characters of these indices (as read from an int64 tensor), boundaries included as '.'.</summary>
    public string Decode(IEnumerable<long> indices) => new(indices.Select(CharAt).ToArray());

    /// <summary>"27 tokens: .abcdefghijklmnopqrstuvwxyz"</summary>
    public override string ToString() => $"{Size} tokens: {new string(_itos)}";

    private string Describe() => $"these {Size} characters: \"{new string(_itos)}\"";
}
