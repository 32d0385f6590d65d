namespace LlmCourse.Translation;

/// <summary>A word-level vocabulary for one language, with the special tokens PAD = 0, BOS = 1, EOS = 2 and UNK = 3.</summary>
/// <remarks>
/// Words are the tokens of the 13a tokeniser (<see cref="Metrics.Bleu.Tokenize"/>): punctuation is split off, case is
/// kept. Words seen fewer than minCount times in training become UNK, so the model meets UNK in training and learns
/// what to do with a word it does not know; a word-level vocabulary cannot spell a new word, sub-word BPE could.
/// Ids are given by descending frequency, then ordinal order, so the same sentences always give the same ids.
/// </remarks>
public sealed class WordVocabulary
{
    /// <summary>Padding: fills short sentences of a batch; never attended to, never scored.</summary>
    public const long Pad = 0;

    /// <summary>Beginning of sentence: the decoder's first input.</summary>
    public const long Bos = 1;

    /// <summary>End of sentence: the decoder's last target; decoding stops when it is produced.</summary>
    public const long Eos = 2;

    /// <summary>Any word not in the vocabulary.</summary>
    public const long Unk = 3;

    /// <summary>How the special tokens are written, in id order.</summary>
    /// <remarks>
    /// Written with ⟨ ⟩ rather than &lt; &gt;: the 13a tokeniser would split "&lt;unk&gt;" into three tokens, and BLEU must count an
    /// unknown word in a translation as one word that matches nothing.</remarks>
    public static readonly IReadOnlyList<string> Specials = ["⟨pad⟩", "⟨bos⟩", "⟨eos⟩", "⟨unk⟩"];

    private readonly string[] _words;
    private readonly Dictionary<string, long> _ids;

    private WordVocabulary(string[] words)
    {
        _words = words;
        _ids = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < words.Length; i++)
            _ids[words[i]] = i;
    }

    /// <summary>Tokens, specials included.</summary>
    public int Size => _words.Length;

    /// <summary>The word of an id (a special's written form for 0 … 3).</summary>
    public string this[long id] => id >= 0 && id < _words.Length
        ? _words[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"Ids of this vocabulary run from 0 to {_words.Length - 1}.");

    /// <summary>Builds the vocabulary from training sentences: every word seen at least <paramref name="minCount"/> times.</summary>
    public static WordVocabulary Build(IEnumerable<string> sentences, int minCount = 1)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string sentence in sentences)
            foreach (string word in Tokenize(sentence))
                counts[word] = counts.GetValueOrDefault(word) + 1;
        var words = counts.Where(kv => kv.Value >= minCount)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key);
        return new WordVocabulary([.. Specials, .. words]);
    }

    /// <summary>The sentence's words, as the vocabulary sees them (the 13a tokens).</summary>
    public static string[] Tokenize(string sentence) => Metrics.Bleu.Tokenize(sentence);

    /// <summary>Whether <paramref name="word"/> has its own id (is not UNK).</summary>
    public bool Contains(string word) => _ids.ContainsKey(word) && !Specials.Contains(word);

    /// <summary>Ids of a sentence's words, unknown words as <see cref="Unk"/>; with BOS and/or EOS around them when asked.</summary>
    public long[] Encode(string sentence, bool bos = false, bool eos = false)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var ids = Tokenize(sentence).Select(w => _ids.TryGetValue(w, out long id) && id > Unk ? id : Unk);
        return [.. bos ? [Bos] : Array.Empty<long>(), .. ids, .. eos ? [Eos] : Array.Empty<long>()];
    }

    /// <summary>The words of <paramref name="ids"/>, stopping at EOS and skipping PAD and BOS; UNK is written "⟨unk⟩".</summary>
    public string[] Words(IEnumerable<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ids.TakeWhile(id => id != Eos).Where(id => id != Pad && id != Bos).Select(id => this[id]).ToArray();
    }

    /// <summary>
    /// Ids back to text: words joined by spaces, then the spaces the tokeniser added before punctuation removed, so
    /// "Ich bin müde ." reads "Ich bin müde.". Tokenising the result again gives the same words.
    /// </summary>
    public string Decode(IEnumerable<long> ids) => Detokenize(Words(ids));

    /// <summary>Joins 13a tokens into readable text (no space before . , ! ? : ; ) and none after ( ).</summary>
    public static string Detokenize(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var text = new System.Text.StringBuilder();
        string? previous = null;
        foreach (string word in words)
        {
            bool glue = previous is not null && (word is "." or "," or "!" or "?" or ":" or ";" or ")" || previous is "(" or "¿" or "¡");
            if (previous is not null && !glue)
                text.Append(' ');
            text.Append(word);
            previous = word;
        }
        return text.ToString();
    }

    public override string ToString() =>
        $"{Size:N0} tokens: {string.Join(" ", _words.Take(16))} …";
}
