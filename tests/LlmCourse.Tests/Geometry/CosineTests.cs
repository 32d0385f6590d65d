using LlmCourse.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Geometry;

[Collection("Sequential")]
public sealed class CosineTests
{
    [Fact]
    public void Matrix_HandExamples()
    {
        var a = tensor(new double[,] { { 1, 0 }, { 1, 1 } });
        var b = tensor(new double[,] { { 0, 3 }, { -2, 0 }, { 5, 5 } });

        var cosines = Cosine.Matrix(a, b).data<double>().ToArray();

        double r = Math.Sqrt(0.5);
        double[] expected = [0, -1, r, r, -r, 1];
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], cosines[i], 12);
    }

    [Fact]
    public void Matrix_EqualsLibtorchsCosineSimilarity()
    {
        var generator = new Generator(3);
        var a = randn([5, 16], generator: generator);
        var b = randn([7, 16], generator: generator);

        var expected = nn.functional.cosine_similarity(a.unsqueeze(1), b.unsqueeze(0), dim: -1);   // (5, 1, C) vs (1, 7, C) -> (5, 7)

        Assert.True(Cosine.Matrix(a, b).allclose(expected, atol: 1e-6));
    }

    [Fact]
    public void Pairwise_UpperTriangleInRowOrder()
    {
        var x = tensor(new double[,] { { 1, 0 }, { 0, 1 }, { -1, 0 } });

        var pairs = Cosine.Pairwise(x).data<double>().ToArray();

        Assert.Equal(new[] { 0.0, -1.0, 0.0 }, pairs.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Degrees_RightAngleAndRoundingBeyondOne()
    {
        var angles = Cosine.Degrees(tensor(new[] { 0.0, 1.0000001, -1.0, 0.5 })).data<double>().ToArray();

        Assert.Equal(90, angles[0], 10);
        Assert.Equal(0, angles[1], 10);                                    // clamped, not NaN
        Assert.Equal(180, angles[2], 10);
        Assert.Equal(60, angles[3], 10);
    }

    [Fact]
    public void Matrix_MismatchedWidths_Throws()
    {
        Assert.Throws<ArgumentException>(() => Cosine.Matrix(zeros(2, 3), zeros(2, 4)));
        Assert.Throws<ArgumentException>(() => Cosine.Pairwise(zeros(1, 3)));
    }
}
