using LlmCourse.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.LanguageModels;

/// <summary>The counting bigram model: how often each character follows each other one, each row made into probabilities.</summary>
/// <remarks>
/// makemore part 1 (github.com/karpathy/nn-zero-to-hero, lectures/makemore): counts over '.' + name + '.', add-one
/// smoothing so that no pair has probability 0, and the mean negative log-likelihood per predicted character as the loss.
/// </remarks>
public sealed class BigramModel
{
    private readonly double[,] _logProbabilities;     // [previous, next]

    private BigramModel(CharVocabulary vocabulary, long[,] counts, double smoothing)
    {
        Vocabulary = vocabulary;
        Smoothing = smoothing;
        int v = vocabulary.Size;
        var probabilities = new double[v, v];
        _logProbabilities = new double[v, v];
        for (int i = 0; i < v; i++)
        {
            double rowTotal = 0;
            for (int j = 0; j < v; j++)
                rowTotal += counts[i, j] + smoothing;
            for (int j = 0; j < v; j++)
            {
                probabilities[i, j] = (counts[i, j] + smoothing) / rowTotal;
                _logProbabilities[i, j] = Math.Log(probabilities[i, j]);
            }
        }
        Counts = tensor(counts);                      // (V, V) int64
        Probabilities = tensor(probabilities);        // (V, V) float64, every row sums to 1
    }

    public CharVocabulary Vocabulary { get; }

    /// <summary>The pseudo-count added to every cell before normalising (1 = add-one, Laplace).</summary>
    public double Smoothing { get; }

    /// <summary>(V, V) int64: <c>Counts[i, j]</c> is how many times character j followed character i.</summary>
    public Tensor Counts { get; }

    /// <summary>(V, V) float64: row i is the distribution of the character after character i.</summary>
    public Tensor Probabilities { get; }

    /// <summary>Counts every adjacent pair of '.' + name + '.' over <paramref name="names"/>.</summary>
    public static BigramModel Fit(IEnumerable<string> names, CharVocabulary vocabulary, double smoothing = 1.0)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (!(smoothing > 0))
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing,
                "Smoothing must be positive: with 0, a pair never seen in training gets probability 0 and an infinite loss.");
        var counts = new long[vocabulary.Size, vocabulary.Size];
        int number = 0;
        foreach (string name in names)
        {
            var chain = Chain(name, vocabulary, $"name {++number}");
            for (int k = 0; k + 1 < chain.Length; k++)
                counts[chain[k], chain[k + 1]]++;
        }
        return new BigramModel(vocabulary, counts, smoothing);
    }

    /// <summary>Mean of −log P(next | previous) over every predicted character of <paramref name="names"/>, the end included.</summary>
    public double NegativeLogLikelihood(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        double total = 0;
        long predictions = 0;
        int number = 0;
        foreach (string name in names)
        {
            var chain = Chain(name, Vocabulary, $"name {++number}");
            for (int k = 0; k + 1 < chain.Length; k++)
                total -= _logProbabilities[chain[k], chain[k + 1]];
            predictions += chain.Length - 1;
        }
        if (predictions == 0)
            throw new ArgumentException("No names to score.", nameof(names));
        return total / predictions;
    }

    /// <summary><paramref name="count"/> names drawn one character at a time from the rows of <see cref="Probabilities"/>.</summary>
    public IReadOnlyList<string> Sample(int count, Generator generator, int maxLength = 50)
    {
        var names = new List<string>();
        for (int n = 0; n < count; n++)
        {
            var indices = new List<long>();
            long previous = 0;                                 // start at the boundary
            while (indices.Count < maxLength)
            {
                using var row = Probabilities[previous];       // (V)
                using var drawn = multinomial(row, 1, generator: generator);
                previous = drawn.item<long>();
                if (previous == 0)
                    break;                                     // the boundary again: the name ends
                indices.Add(previous);
            }
            names.Add(Vocabulary.Decode(indices));
        }
        return names;
    }

    private static int[] Chain(string name, CharVocabulary vocabulary, string source)
    {
        int boundary = vocabulary.IndexOf(CharVocabulary.Boundary);
        return [boundary, .. vocabulary.Encode(name, source), boundary];
    }
}
