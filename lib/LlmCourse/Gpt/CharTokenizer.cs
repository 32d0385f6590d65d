using LlmCourse.Text;
using static TorchSharp.torch;

namespace LlmCourse.Gpt;

/// <summary>Character-level tokens for running text: every distinct character of the text, in code-point order, is one id.</summary>
/// <remarks>
/// karpathy/nanoGPT data/shakespeare_char/prepare.py: chars = sorted(set(text)), 65 of them for Tiny Shakespeare.
/// Not <see cref="CharVocabulary"/>, which reserves '.' as the start/end token of a name (makemore's convention): running
/// text has no boundaries to mark and is full of full stops, which must be ordinary characters here.
/// </remarks>
public sealed class CharTokenizer
{
    private readonly char[] _itos;                      // id -> character
    private readonly Dictionary<char, int> _stoi;      // character -> id

    private CharTokenizer(char[] characters)
    {
        _itos = characters;
        _stoi = characters.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
    }

    /// <summary>One id per distinct character of <paramref name="text"/>, ordered by code point (the same on every machine).</summary>
    public static CharTokenizer FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
            throw new ArgumentException("No characters to build a vocabulary from: the text is empty.", nameof(text));
        return new CharTokenizer(text.ToHashSet().Order().ToArray());
    }

    /// <summary>Number of distinct characters: 65 for Tiny Shakespeare.</summary>
    public int Size => _itos.Length;

    /// <summary>Every character in id order.</summary>
    public IReadOnlyList<char> Characters => _itos;

    /// <summary>One id per character; throws <see cref="UnknownCharacterException"/> at the first character it has no id for.</summary>
    public long[] Encode(string text, string source = "the caller")
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new long[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            if (!_stoi.TryGetValue(text[i], out int id))
            {
                // Quote a little text around it, not the whole (possibly megabyte-long) input.
                int from = Math.Max(0, i - 20);
                string excerpt = text.Substring(from, Math.Min(text.Length, i + 20) - from);
                throw new UnknownCharacterException(text[i], excerpt, i - from, source, $"these {Size} characters: \"{new string(_itos)}\"");
            }
            ids[i] = id;
        }
        return ids;
    }

    /// <summary>The characters of these ids.</summary>
    public string Decode(IEnumerable<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return new string(ids.Select(CharAt).ToArray());
    }

    /// <summary>The characters of these ids (an array converts to a tensor too; this overload settles which is meant).</summary>
    public string Decode(long[] ids) => Decode((IEnumerable<long>)ids);

    /// <summary>The characters of a 1-D int64 tensor of ids (any device), e.g. one row of generated ids.</summary>
    public string Decode(Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.dim() != 1 || ids.dtype != ScalarType.Int64)
            throw new ArgumentException($"Expected a 1-D int64 tensor of ids, found {ids.dtype} {Checks.Check.Format(ids.shape)}; decode one row at a time: ids[0].", nameof(ids));
        return Decode(ids.cpu().data<long>().ToArray());
    }

    /// <summary>The character with this id.</summary>
    public char CharAt(long id) =>
        id >= 0 && id < _itos.Length ? _itos[id] : throw new ArgumentOutOfRangeException(nameof(id), id, $"Id {id} is outside the vocabulary's 0 … {_itos.Length - 1}.");

    /// <summary>"65 characters: \n !$&amp;',-.3:;?ABC…"</summary>
    public override string ToString() => $"{Size} characters: {new string(_itos).Replace("\n", "\\n", StringComparison.Ordinal)}";
}
