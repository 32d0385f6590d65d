namespace LlmCourse.Dimensionality;

/// <summary>Nearest and farthest Euclidean distance from a query point to a set of points, averaged over queries.</summary>
/// <param name="Nearest">Mean distance to the nearest point.</param>
/// <param name="Farthest">Mean distance to the farthest point.</param>
/// <param name="Ratio">Mean of nearest / farthest per query: near 0 when "nearest" means something, near 1 when every point is about as far.</param>
public sealed record NeighbourDistances(double Nearest, double Farthest, double Ratio);

/// <summary>How distinguishable the nearest neighbour is in the unit hypercube, as the dimension grows.</summary>
/// <remarks>
/// Beyer, Goldstein, Ramakrishnan and Shaft 1999, "When Is 'Nearest Neighbor' Meaningful?" (ICDT): for independent
/// coordinates, the ratio of the nearest to the farthest distance tends to 1 as the dimension grows, so a
/// nearest-neighbour query loses its contrast. The query points are drawn from the same uniform distribution as the data.
/// </remarks>
public static class DistanceRatio
{
    /// <summary>Euclidean distance between two points of the same dimension.</summary>
    public static double Distance(double[] a, double[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length)
            throw new ArgumentException($"The points have {a.Length} and {b.Length} coordinates; a distance needs the same dimension.");
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(sum);
    }

    /// <summary>Nearest and farthest distance from each query to the points, averaged over the queries.</summary>
    public static NeighbourDistances Measure(double[][] points, double[][] queries)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(queries);
        if (points.Length < 2 || queries.Length < 1)
            throw new ArgumentException("Give at least two points (a nearest and a farthest) and one query.");
        double nearest = 0, farthest = 0, ratio = 0;
        foreach (var query in queries)
        {
            var distances = points.Select(p => Distance(p, query)).ToArray();
            double min = distances.Min(), max = distances.Max();
            nearest += min;
            farthest += max;
            ratio += min / max;
        }
        int q = queries.Length;
        return new NeighbourDistances(nearest / q, farthest / q, ratio / q);
    }

    /// <summary>Draws <paramref name="points"/> points and <paramref name="queries"/> queries uniform in [0, 1)^dimension, then <see cref="Measure"/>.</summary>
    public static NeighbourDistances InUnitCube(int dimension, int points, int queries, Random random) =>
        Measure(RandomPoints.InUnitCube(points, dimension, random), RandomPoints.InUnitCube(queries, dimension, random));
}
