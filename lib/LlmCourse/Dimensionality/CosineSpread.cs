namespace LlmCourse.Dimensionality;

/// <summary>Cosine similarities between many vectors, and their mean and standard deviation.</summary>
/// <remarks>
/// For two independent vectors whose directions are uniform on the sphere in d dimensions, the cosine has mean 0 and
/// variance exactly 1/d, so its standard deviation is 1/√d: random directions in high dimensions are almost orthogonal.
/// Trained embeddings are not random, and their cosines need not follow this law; the notebook compares the two.
/// </remarks>
public static class CosineSpread
{
    /// <summary>cos θ = a·b / (‖a‖ ‖b‖); throws for different lengths or a zero vector, which has no direction.</summary>
    public static double Cosine(double[] a, double[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length)
            throw new ArgumentException($"The vectors have {a.Length} and {b.Length} coordinates; a cosine needs the same dimension.");
        double dot = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        if (aa == 0 || bb == 0)
            throw new ArgumentException("A zero vector has no direction, so its cosine with anything is undefined.");
        return dot / Math.Sqrt(aa * bb);
    }

    /// <summary>The cosine of every pair i &lt; j of the vectors: n(n − 1)/2 numbers.</summary>
    public static double[] Pairwise(double[][] vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Length < 2)
            throw new ArgumentException("Give at least two vectors to form a pair.", nameof(vectors));
        var cosines = new List<double>(vectors.Length * (vectors.Length - 1) / 2);
        for (int i = 0; i < vectors.Length; i++)
            for (int j = i + 1; j < vectors.Length; j++)
                cosines.Add(Cosine(vectors[i], vectors[j]));
        return cosines.ToArray();
    }

    /// <summary>Pairwise cosines of <paramref name="count"/> seeded Gaussian vectors in <paramref name="dimension"/> dimensions.</summary>
    public static double[] OfRandomVectors(int count, int dimension, Random random) =>
        Pairwise(RandomPoints.Gaussian(count, dimension, random));

    /// <summary>Mean and (population) standard deviation of a sample.</summary>
    public static (double Mean, double StandardDeviation) Summary(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            throw new ArgumentException("The sample is empty.", nameof(values));
        double mean = values.Average();
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count));
    }
}
