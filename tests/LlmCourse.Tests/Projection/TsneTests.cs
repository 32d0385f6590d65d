using LlmCourse.Projection;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Projection;

[Collection("Sequential")]
public sealed class TsneTests
{
    // Three tight clusters of 30 points in 10-D, their centres far apart.
    private static (Tensor Points, int[] Cluster) Clusters()
    {
        var generator = new Generator(5);
        var centres = randn(3, 10, generator: generator) * 20;
        var points = centres.repeat_interleave(30, 0) + randn(90, 10, generator: generator);   // (3, 10) -> (90, 10)
        return (points, Enumerable.Range(0, 90).Select(i => i / 30).ToArray());
    }

    private static readonly Tsne Small = new() { Perplexity = 10, Iterations = 300, ExaggerationIterations = 100, Seed = 1 };

    [Fact]
    public void Fit_WellSeparatedClusters_NeighboursArePreserved()
    {
        var (points, cluster) = Clusters();

        var map = Small.Fit(points);

        Assert.Equal(new long[] { 90, 2 }, map.shape);
        var nearest = Neighbourhoods.Nearest(map, 5).data<long>().ToArray();                   // (90, 5) flattened
        double sameCluster = nearest.Select((j, at) => cluster[at / 5] == cluster[j] ? 1.0 : 0.0).Average();
        Assert.Equal(1.0, sameCluster);                                                         // no map neighbour from another cluster
        Assert.True(Neighbourhoods.Trustworthiness(points, map, 5) > 0.9);
        var shuffled = map[randperm(90, generator: new Generator(2))];
        Assert.True(Neighbourhoods.Preservation(points, map, 5) > 2 * Neighbourhoods.Preservation(points, shuffled, 5));
        Assert.True(double.IsFinite(Small.KlDivergence) && Small.KlDivergence > 0);
    }

    [Fact]
    public void Fit_SameSeed_SameMap_OtherSeed_OtherMap()
    {
        var (points, _) = Clusters();

        var first = new Tsne { Perplexity = 10, Iterations = 100, ExaggerationIterations = 50, Seed = 1 }.Fit(points);
        var again = new Tsne { Perplexity = 10, Iterations = 100, ExaggerationIterations = 50, Seed = 1 }.Fit(points);
        var other = new Tsne { Perplexity = 10, Iterations = 100, ExaggerationIterations = 50, Seed = 2 }.Fit(points);

        Assert.Equal(0f, (first - again).abs().max().item<float>());
        Assert.True((first - other).abs().max().item<float>() > 1e-3f);
    }

    [Fact]
    public void Fit_FromAnInitialMap_StartsThere()
    {
        var (points, _) = Clusters();
        var start = randn(90, 2, generator: new Generator(9));

        var still = new Tsne { Perplexity = 10, Iterations = 0 }.Fit(points, start);

        Assert.True((still - (start - start.mean([0]))).abs().max().item<float>() < 1e-5f);   // zero steps: the start, centred
    }

    [Fact]
    public void Conditional_EveryRow_HasTheAskedPerplexity()
    {
        var (points, _) = Clusters();

        var p = TsneAffinities.Conditional(TsneAffinities.SquaredDistances(points), perplexity: 12);

        var entropy = -(p * p.clamp_min(1e-300).log()).sum(1);                                 // nats, (N)
        Assert.True((entropy.exp() - 12).abs().max().item<double>() < 1e-3);
        Assert.True((p.sum(1) - 1).abs().max().item<double>() < 1e-9);
        Assert.Equal(0.0, p.diagonal().abs().sum().item<double>());
    }

    [Fact]
    public void Joint_IsSymmetricAndSumsToOne()
    {
        var (points, _) = Clusters();

        var p = TsneAffinities.Joint(points, 10);

        Assert.True((p - p.t()).abs().max().item<double>() < 1e-15);
        Assert.True(Math.Abs(p.sum().item<double>() - 1) < 1e-9);
    }

    [Fact]
    public void Conditional_PerplexityAboveN_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TsneAffinities.Conditional(zeros(5, 5, ScalarType.Float64), 30));

        Assert.Contains("Perplexity 30", e.Message);
    }
}
