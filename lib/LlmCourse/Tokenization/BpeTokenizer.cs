using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace LlmCourse.Tokenization;

/// <summary>A byte-level BPE tokenizer: text → UTF-8 bytes → chunks by a split pattern → merges, lowest rank first.</summary>
/// <remarks>
/// Token ids 0–255 are the single bytes (in the order <see cref="ByteIds"/> gives; 0–255 in byte order for a trained
/// tokenizer), and merge k of <see cref="Merges"/> creates token 256 + k from two earlier tokens. Encoding merges,
/// inside each chunk, the pair whose merge came first, until no pair of neighbours has a merge: minbpe's encode,
/// and tiktoken's given the merges recovered from its ranks (<see cref="RankMerges"/>). Files: <see cref="VocabularyFile"/>
/// (this course's plain format) and <see cref="RankFile"/> (tiktoken's). Safe to use from several threads.
/// </remarks>
public sealed class BpeTokenizer
{
    private const int MaxCachedChunks = 500_000;
    private readonly byte[][] _vocab;                               // id → its bytes
    private readonly int[] _byteIds;                                // byte value → id
    private readonly (int Left, int Right)[] _merges;               // merge k makes token 256 + k
    private readonly MergeTable _table;
    private readonly Regex? _split;
    // Most chunks are common words, so each distinct chunk is merged once and then looked up (as tiktoken does).
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _cacheBySpan;
    private int _cachedChunks;

    internal BpeTokenizer(IReadOnlyList<(int Left, int Right)> merges, string? splitPattern, int[]? byteIds = null)
    {
        if (splitPattern is "")
            throw new ArgumentException("An empty split pattern matches only empty chunks; pass null for no splitting.", nameof(splitPattern));
        _byteIds = byteIds ?? Enumerable.Range(0, 256).ToArray();
        _merges = merges.ToArray();
        _table = new MergeTable(_merges, _byteIds);
        _vocab = new byte[256 + _merges.Length][];
        for (int b = 0; b < 256; b++)
            _vocab[_byteIds[b]] = [(byte)b];
        for (int k = 0; k < _merges.Length; k++)
            _vocab[256 + k] = [.. _vocab[_merges[k].Left], .. _vocab[_merges[k].Right]];
        SplitPattern = splitPattern;
        _split = splitPattern is null ? null : SplitPatterns.Compile(splitPattern);
        _cacheBySpan = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Trains on <paramref name="text"/> until the vocabulary holds <paramref name="vocabSize"/> tokens
    /// (fewer if no pair is left to merge). Without a split pattern the whole text is one chunk.</summary>
    public static BpeTokenizer Train(string text, int vocabSize, string? splitPattern = null, Action<int>? onMerge = null) =>
        new(BpeTraining.LearnMerges(text, vocabSize, splitPattern, onMerge), splitPattern);

    /// <summary>A tokenizer from merges in order (merge k makes token 256 + k), e.g. the first k merges of a trained one.</summary>
    public static BpeTokenizer FromMerges(IEnumerable<(int Left, int Right)> merges, string? splitPattern) =>
        new(merges.ToList(), splitPattern);

    /// <summary>Loads tiktoken ranks (see <see cref="RankFile"/>), e.g. cl100k_base with <see cref="SplitPatterns.Gpt4"/>.</summary>
    public static BpeTokenizer FromRanks(Stream rankFile, string fileName, string splitPattern)
    {
        var (byteIds, merges) = RankMerges.Recover(RankFile.Read(rankFile, fileName), fileName);
        return new BpeTokenizer(merges, splitPattern, byteIds);
    }

    /// <summary>Reads a file written by <see cref="Save"/> (format: <see cref="VocabularyFile"/>).</summary>
    public static BpeTokenizer Load(string path) => VocabularyFile.Read(path);

    /// <summary>Writes the split pattern and the merges as plain text (format: <see cref="VocabularyFile"/>).</summary>
    public void Save(string path) => VocabularyFile.Write(this, path);

    public string? SplitPattern { get; }
    public int VocabSize => _vocab.Length;
    public IReadOnlyList<(int Left, int Right)> Merges => _merges;
    /// <summary>The id of each single byte: <c>ByteIds[b]</c> is the token for byte value b.</summary>
    public IReadOnlyList<int> ByteIds => _byteIds;

    /// <summary>The bytes token <paramref name="id"/> stands for.</summary>
    public ReadOnlySpan<byte> TokenBytes(int id) => _vocab[CheckId(id)];

    /// <summary>The token's bytes read as UTF-8; a token that holds part of a character shows U+FFFD (�) for it.</summary>
    public string TokenText(int id) => Encoding.UTF8.GetString(TokenBytes(id));

    /// <summary>The chunks the split pattern cuts <paramref name="text"/> into (the whole text when there is no pattern).</summary>
    public List<string> Split(string text) => _split is null ? [text] : SplitPatterns.Split(text, _split);

    /// <summary>Token ids for the text. Characters the split pattern does not match are skipped, as in tiktoken;
    /// GPT-4's pattern matches every character.</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_split is null)
            return _table.Apply(Encoding.UTF8.GetBytes(text));   // one chunk, seldom seen twice: not cached
        var ids = new List<int>(text.Length / 3 + 1);
        foreach (var match in _split.EnumerateMatches(text))
            EncodeChunk(text.AsSpan(match.Index, match.Length), ids);
        return ids.ToArray();
    }

    /// <summary>Token ids for arbitrary bytes (not necessarily UTF-8), merged as one chunk: no split pattern applies to bytes.</summary>
    public int[] EncodeBytes(ReadOnlySpan<byte> bytes) => _table.Apply(bytes);

    /// <summary>The text the ids stand for; bytes that are not valid UTF-8 become U+FFFD (�).</summary>
    public string Decode(IEnumerable<int> ids) => Encoding.UTF8.GetString(DecodeBytes(ids));

    /// <summary>The bytes the ids stand for, concatenated.</summary>
    public byte[] DecodeBytes(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var bytes = new List<byte>();
        foreach (int id in ids)
            bytes.AddRange(_vocab[CheckId(id)]);
        return bytes.ToArray();
    }

    private void EncodeChunk(ReadOnlySpan<char> chunk, List<int> ids)
    {
        if (chunk.IsEmpty)
            return;
        if (!_cacheBySpan.TryGetValue(chunk, out var cached))
        {
            int most = Encoding.UTF8.GetMaxByteCount(chunk.Length);
            Span<byte> buffer = most <= 512 ? stackalloc byte[most] : new byte[most];
            cached = _table.Apply(buffer[..Encoding.UTF8.GetBytes(chunk, buffer)]);
            // A counter of our own: ConcurrentDictionary.Count takes every lock, far too slow to ask per chunk.
            if (_cachedChunks < MaxCachedChunks && _cacheBySpan.TryAdd(chunk, cached))
                Interlocked.Increment(ref _cachedChunks);
        }
        ids.AddRange(cached);
    }

    private int CheckId(int id) => (uint)id < (uint)_vocab.Length ? id
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id {id} is not in this vocabulary of {_vocab.Length} tokens (ids 0–{_vocab.Length - 1}).");
}
