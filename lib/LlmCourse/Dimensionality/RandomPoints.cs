namespace LlmCourse.Dimensionality;

/// <summary>Seeded random vectors as plain arrays: uniform in the unit hypercube, or standard normal in every coordinate.</summary>
/// <remarks>Plain <see cref="Random"/> and doubles, so the same seed gives the same points on every machine and no tensor library is needed.</remarks>
public static class RandomPoints
{
    /// <summary><paramref name="count"/> points with coordinates uniform in [0, 1): (count, dimension).</summary>
    public static double[][] InUnitCube(int count, int dimension, Random random)
    {
        CheckSizes(count, dimension, random);
        return Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, dimension).Select(_ => random.NextDouble()).ToArray())
            .ToArray();
    }

    /// <summary><paramref name="count"/> vectors with independent N(0, 1) coordinates: (count, dimension). Their directions are uniform on the sphere.</summary>
    public static double[][] Gaussian(int count, int dimension, Random random)
    {
        CheckSizes(count, dimension, random);
        return Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, dimension).Select(_ => StandardNormal(random)).ToArray())
            .ToArray();
    }

    /// <summary>One N(0, 1) draw by the Box–Muller transform (1 − u keeps the logarithm away from 0).</summary>
    public static double StandardNormal(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static void CheckSizes(int count, int dimension, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
    }
}
