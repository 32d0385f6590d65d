namespace LlmCourse.Diffusion;

/// <summary>Character-level similarity of two lines: 1 − Levenshtein distance / length of the longer one, in [0, 1].</summary>
/// <remarks>Partial credit for a nearly right line, which exact match cannot see (Levenshtein 1966).</remarks>
public static class LineSimilarity
{
    /// <summary>The fewest single-character insertions, deletions and substitutions that turn a into b.</summary>
    public static int Levenshtein(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();   // row i−1 of the DP table
        var current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>1 for identical lines, 0 for lines with nothing in common; two empty lines count as identical.</summary>
    public static double Similarity(string a, string b)
    {
        int longer = Math.Max(a.Length, b.Length);
        return longer == 0 ? 1.0 : 1.0 - (double)Levenshtein(a, b) / longer;
    }
}
