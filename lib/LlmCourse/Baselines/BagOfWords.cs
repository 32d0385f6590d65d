using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Baselines;

/// <summary>Bag-of-words features: which of a fixed list of words a text contains, ignoring their order.</summary>
/// <remarks>
/// The classic text-classification baseline (e.g. Maas et al. 2011 report bag-of-words results on the same IMDB reviews;
/// Wang and Manning 2012, "Baselines and Bigrams"). The vocabulary is the training texts' most widespread words, by the
/// number of texts they occur in, so it is fixed before the test texts are seen. A feature is 1 when the word occurs,
/// whatever the count: for sentiment, that a review says "awful" matters more than how often.
/// </remarks>
public sealed partial class BagOfWords
{
    private readonly Dictionary<string, int> _index;

    private BagOfWords(IReadOnlyList<string> vocabulary)
    {
        Vocabulary = vocabulary;
        _index = vocabulary.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>The words, one feature each, most widespread first.</summary>
    public IReadOnlyList<string> Vocabulary { get; }

    public int Size => Vocabulary.Count;

    /// <summary>Lower-cased words (letters, digits, apostrophes) and the marks "!" and "?".</summary>
    public static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value);

    /// <summary>Keeps the <paramref name="maxWords"/> words found in the most texts, each in at least <paramref name="minTexts"/>.</summary>
    public static BagOfWords Fit(IEnumerable<string> texts, int maxWords = 5000, int minTexts = 2)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWords, 1);
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
            foreach (var word in Words(text).Distinct())
                documentFrequency[word] = documentFrequency.GetValueOrDefault(word) + 1;
        var vocabulary = documentFrequency.Where(p => p.Value >= minTexts)
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)   // ties in a fixed order
            .Take(maxWords).Select(p => p.Key).ToArray();
        if (vocabulary.Length == 0)
            throw new ArgumentException($"No word occurs in {minTexts} or more texts; pass more texts or a lower minTexts.", nameof(texts));
        return new BagOfWords(vocabulary);
    }

    /// <summary>(N, V) float32: row i has 1 in the column of every vocabulary word text i contains, 0 elsewhere.</summary>
    public Tensor Transform(IReadOnlyList<string> texts, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var features = new float[(long)texts.Count * Size];
        Parallel.For(0, texts.Count, i =>
        {
            foreach (var word in Words(texts[i]))
                if (_index.TryGetValue(word, out int column))
                    features[(long)i * Size + column] = 1f;
        });
        return tensor(features, [texts.Count, Size], device: device);   // words outside the vocabulary are dropped
    }

    [GeneratedRegex(@"[a-z0-9']+|[!?]")]
    private static partial Regex WordPattern();
}
