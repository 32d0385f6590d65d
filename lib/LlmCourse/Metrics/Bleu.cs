using System.Text.RegularExpressions;

namespace LlmCourse.Metrics;

/// <summary>How BLEU treats an n-gram order with no match, which would otherwise make the geometric mean 0.</summary>
/// <remarks>Chen and Cherry 2014, "A Systematic Comparison of Smoothing Techniques for Sentence-Level BLEU".</remarks>
public enum BleuSmoothing
{
    /// <summary>Papineni et al. 2002 as written: any order with 0 matches makes BLEU 0. The convention for corpus BLEU.</summary>
    None,

    /// <summary>Chen and Cherry's method 1: an order with 0 matches counts ε = 0.1 matches instead (sacreBLEU's "floor").</summary>
    Epsilon,

    /// <summary>Chen and Cherry's method 2 (Lin and Och 2004): add 1 to the matches and the total of every order n ≥ 2.</summary>
    AddOne,
}

/// <summary>A BLEU score and its parts: the n-gram matches and totals, the lengths and the brevity penalty.</summary>
/// <param name="Score">100 · BP · exp(mean of log pₙ), between 0 and 100.</param>
/// <param name="Matches">Clipped matches for n = 1 … 4 (before smoothing).</param>
/// <param name="Totals">n-grams in the hypotheses for n = 1 … 4.</param>
/// <param name="Precisions">pₙ as percentages, after smoothing.</param>
public sealed record BleuScore(double Score, long[] Matches, long[] Totals, double[] Precisions,
    double BrevityPenalty, long HypothesisLength, long ReferenceLength)
{
    /// <summary>sacreBLEU's one-line summary, e.g. "BLEU = 31.2 62.0/38.1/24.9/16.3 (BP = 0.950 ratio = 0.951 hyp_len = 3,900 ref_len = 4,100)".</summary>
    public override string ToString() =>
        $"BLEU = {Score:F2} {string.Join("/", Precisions.Select(p => p.ToString("F1")))} (BP = {BrevityPenalty:F3} "
        + $"ratio = {(double)HypothesisLength / Math.Max(1, ReferenceLength):F3} hyp_len = {HypothesisLength:N0} ref_len = {ReferenceLength:N0})";
}

/// <summary>BLEU (Papineni et al. 2002) with one reference per sentence: clipped n-gram precisions, n = 1 … 4, and a brevity penalty.</summary>
/// <remarks>
/// Corpus BLEU adds up matches and totals over all sentences before dividing, as Papineni et al. and sacreBLEU (Post 2018)
/// do; it is not the mean of sentence scores. BP = 1 when the hypotheses are longer than the references (c &gt; r), else
/// exp(1 − r/c). Scores depend on the tokenisation, so <see cref="Tokenize"/> is fixed: the rules of mteval-v13a, sacreBLEU's
/// default ("13a"), case-sensitive.
/// </remarks>
public static class Bleu
{
    /// <summary>The largest n-gram order, 4 as in Papineni et al.</summary>
    public const int MaxOrder = 4;

    /// <summary>Corpus BLEU of tokenised hypotheses against one tokenised reference each.</summary>
    public static BleuScore Corpus(IReadOnlyList<IReadOnlyList<string>> hypotheses, IReadOnlyList<IReadOnlyList<string>> references,
        BleuSmoothing smoothing = BleuSmoothing.None)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(references);
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"BLEU needs one reference per hypothesis; found {hypotheses.Count} hypotheses and {references.Count} references.");
        var matches = new long[MaxOrder];
        var totals = new long[MaxOrder];
        long c = 0, r = 0;
        for (int s = 0; s < hypotheses.Count; s++)
        {
            c += hypotheses[s].Count;
            r += references[s].Count;
            for (int n = 1; n <= MaxOrder; n++)
            {
                var referenceCounts = NGrams(references[s], n);
                foreach (var (gram, count) in NGrams(hypotheses[s], n))
                {
                    // Clipping: a word repeated k times earns at most as many matches as the reference has copies of it.
                    matches[n - 1] += Math.Min(count, referenceCounts.GetValueOrDefault(gram));
                    totals[n - 1] += count;
                }
            }
        }
        return Score(matches, totals, c, r, smoothing);
    }

    /// <summary>Corpus BLEU of detokenised strings, each tokenised with <see cref="Tokenize"/> first.</summary>
    public static BleuScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references, BleuSmoothing smoothing = BleuSmoothing.None) =>
        Corpus(hypotheses.Select(h => (IReadOnlyList<string>)Tokenize(h)).ToList(),
            references.Select(x => (IReadOnlyList<string>)Tokenize(x)).ToList(), smoothing);

    /// <summary>BLEU of one sentence: the corpus formula on a corpus of one. Usually needs smoothing to be useful.</summary>
    public static BleuScore Sentence(IReadOnlyList<string> hypothesis, IReadOnlyList<string> reference, BleuSmoothing smoothing = BleuSmoothing.Epsilon) =>
        Corpus([hypothesis], [reference], smoothing);

    /// <summary>
    /// The mteval-v13a tokeniser: punctuation and symbols become tokens of their own, except a period or comma between
    /// digits ("3.5", "1,000") and a hyphen that follows a digit is split off; apostrophes stay inside words ("Tom's").
    /// </summary>
    public static string[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = " " + Regex.Replace(text, @"\s+", " ") + " ";
        t = Symbols.Replace(t, " $1 ");                        // { | } ~ [ \ ] ^ _ ` ! " # $ % & ( ) * + : ; < = > ? @ /
        t = PeriodCommaAfterNonDigit.Replace(t, "$1 $2 ");     // "end." -> "end ."
        t = PeriodCommaBeforeNonDigit.Replace(t, " $1 $2");    // ".x" -> ". x"
        t = DashAfterDigit.Replace(t, "$1 $2 ");               // "9-to-5" -> "9 - to-5"
        return t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static readonly Regex Symbols = new(@"([\{-\~\[-\` -\&\(-\+\:-\@\/])", RegexOptions.Compiled);
    private static readonly Regex PeriodCommaAfterNonDigit = new(@"([^0-9])([\.,])", RegexOptions.Compiled);
    private static readonly Regex PeriodCommaBeforeNonDigit = new(@"([\.,])([^0-9])", RegexOptions.Compiled);
    private static readonly Regex DashAfterDigit = new(@"([0-9])(-)", RegexOptions.Compiled);

    /// <summary>How often each n-gram occurs in <paramref name="tokens"/>; an n-gram is its words joined by a space.</summary>
    public static Dictionary<string, int> NGrams(IReadOnlyList<string> tokens, int n)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i + n <= tokens.Count; i++)
        {
            string gram = string.Join(' ', Enumerable.Range(i, n).Select(k => tokens[k]));
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return counts;
    }

    private static BleuScore Score(long[] matches, long[] totals, long c, long r, BleuSmoothing smoothing)
    {
        var precisions = new double[MaxOrder];
        for (int k = 0; k < MaxOrder; k++)
        {
            double m = matches[k], t = totals[k];
            if (smoothing == BleuSmoothing.AddOne && k > 0)
                (m, t) = (m + 1, t + 1);
            else if (smoothing == BleuSmoothing.Epsilon && m == 0 && t > 0)
                m = 0.1;
            precisions[k] = t == 0 ? 0 : m / t;
        }
        // With no hypothesis words at all there is nothing to score: BLEU 0, not exp(1 − r/0).
        double brevity = c == 0 ? 0 : c > r ? 1 : Math.Exp(1 - (double)r / c);
        double score = precisions.Any(p => p == 0) ? 0 : brevity * Math.Exp(precisions.Average(Math.Log));
        return new BleuScore(100 * score, matches, totals, precisions.Select(p => 100 * p).ToArray(), brevity, c, r);
    }
}
