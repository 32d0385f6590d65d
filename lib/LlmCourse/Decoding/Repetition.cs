namespace LlmCourse.Decoding;

/// <summary>A text's repetition in three numbers (each in [0, 1]); the notebook tabulates them per strategy.</summary>
/// <param name="Distinct1">Distinct unigrams / unigram occurrences: low when few different tokens are used.</param>
/// <param name="Distinct2">Distinct bigrams / bigram occurrences.</param>
/// <param name="Repeated4Grams">Share of 4-gram occurrences that repeat an earlier 4-gram of the same text: high when it loops.</param>
public sealed record RepetitionStats(double Distinct1, double Distinct2, double Repeated4Grams);

/// <summary>Repetition metrics on token sequences: distinct-n and the share of repeated n-grams.</summary>
/// <remarks>
/// Distinct-n follows Li, Galley, Brockett, Gao and Dolan 2016, "A Diversity-Promoting Objective Function for Neural
/// Conversation Models", with one difference: it divides by the number of n-gram occurrences, not by the number of
/// tokens, so that every distinct-n lies in [0, 1] and a text without repeats scores 1. The repeated-n-gram share
/// measures the loops that Holtzman et al. 2020 show greedy and beam search fall into. An n-gram here is n consecutive
/// tokens; a text of L tokens has L − n + 1 of them. Tokens can be ids, strings or anything with equality.
/// </remarks>
public static class Repetition
{
    /// <summary>distinct-n = (number of different n-grams) / (number of n-gram occurrences, L − n + 1).</summary>
    /// <remarks>"a b a b a b": distinct-1 = |{a, b}| / 6 = 2/6; distinct-2 = |{ab, ba}| / 5 = 2/5.</remarks>
    public static double DistinctN<T>(IReadOnlyList<T> tokens, int n)
    {
        var (different, occurrences) = CountNGrams(tokens, n);
        return (double)different / occurrences;
    }

    /// <summary>
    /// (n-gram occurrences that equal an earlier n-gram of the same text) / (n-gram occurrences) = 1 − distinct-n: 0 when
    /// no n-gram comes back, near 1 for a text stuck in a loop.
    /// </summary>
    /// <remarks>"a b a b a b" has 4-grams abab, baba, abab: one of the three repeats an earlier one, so 1/3.</remarks>
    public static double RepeatedNGramShare<T>(IReadOnlyList<T> tokens, int n = 4)
    {
        var (different, occurrences) = CountNGrams(tokens, n);
        // Every occurrence is either the first of its kind (there are `different` of those) or a repeat.
        return (double)(occurrences - different) / occurrences;
    }

    /// <summary>distinct-1, distinct-2 and the repeated-4-gram share of one text (at least 4 tokens).</summary>
    public static RepetitionStats Measure<T>(IReadOnlyList<T> tokens) =>
        new(DistinctN(tokens, 1), DistinctN(tokens, 2), RepeatedNGramShare(tokens, 4));

    /// <summary>The mean of <see cref="Measure"/> over several texts, each counted on its own (repeats across texts do not count).</summary>
    public static RepetitionStats Mean<T>(IEnumerable<IReadOnlyList<T>> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var each = texts.Select(Measure).ToList();
        if (each.Count == 0)
            throw new ArgumentException("No texts to measure.", nameof(texts));
        return new(each.Average(s => s.Distinct1), each.Average(s => s.Distinct2), each.Average(s => s.Repeated4Grams));
    }

    private static (int Different, int Occurrences) CountNGrams<T>(IReadOnlyList<T> tokens, int n)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (n < 1)
            throw new ArgumentOutOfRangeException(nameof(n), n, "An n-gram has at least one token: use n ≥ 1.");
        if (tokens.Count < n)
            throw new ArgumentException(
                $"The text has {tokens.Count} tokens, fewer than n = {n}, so it has no {n}-grams to count. Generate longer texts.",
                nameof(tokens));
        var seen = new HashSet<T[]>(NGramComparer<T>.Instance);
        int occurrences = tokens.Count - n + 1;
        for (int start = 0; start < occurrences; start++)
        {
            var ngram = new T[n];
            for (int k = 0; k < n; k++)
                ngram[k] = tokens[start + k];
            seen.Add(ngram);
        }
        return (seen.Count, occurrences);
    }

    /// <summary>Two n-grams are equal when their tokens are, position by position.</summary>
    private sealed class NGramComparer<T> : IEqualityComparer<T[]>
    {
        public static readonly NGramComparer<T> Instance = new();

        public bool Equals(T[]? x, T[]? y) => x is not null && y is not null && x.SequenceEqual(y);

        public int GetHashCode(T[] ngram)
        {
            var hash = new HashCode();
            foreach (var token in ngram)
                hash.Add(token);
            return hash.ToHashCode();
        }
    }
}
