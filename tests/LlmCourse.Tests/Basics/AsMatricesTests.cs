using LlmCourse.Basics;
using LlmCourse.Setup;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Basics;

[Collection("Sequential")]
public class AsMatricesTests
{
    private static Tensor Batch(params double[][] rows)
    {
        var values = new double[rows.Length, rows[0].Length];
        for (int r = 0; r < rows.Length; r++)
            for (int c = 0; c < rows[r].Length; c++)
                values[r, c] = rows[r][c];
        return tensor(values, ScalarType.Float64);
    }

    [Fact]
    public void Forward_EqualsTheHandComputation()
    {
        using var scope = NewDisposeScope();
        var net = LeafFlowerNetwork.Example;
        double[][] inputs = [LeafFlowerExamples.Leaf, LeafFlowerExamples.Sunflower, LeafFlowerExamples.Weather.GreyAfternoon];
        var pass = AsMatrices.Forward(LeafFlowerTensors.From(net), Batch(inputs));
        for (int r = 0; r < inputs.Length; r++)
        {
            var hand = ByHand.Forward(net, inputs[r]);
            for (int j = 0; j < net.HiddenCount; j++)
                Assert.Equal(hand.HiddenSums[j], pass.HiddenSums[r, j].item<double>(), 1e-12);
            for (int k = 0; k < net.OutputCount; k++)
            {
                Assert.Equal(hand.Scores[k], pass.Scores[r, k].item<double>(), 1e-12);
                Assert.Equal(hand.Probabilities[k], pass.Probabilities[r, k].item<double>(), 1e-12);
            }
        }
    }

    [Fact]
    public void Forward_Shapes_FollowTheBatch()
    {
        using var scope = NewDisposeScope();
        var pass = AsMatrices.Forward(LeafFlowerTensors.From(LeafFlowerNetwork.Example), zeros(5, 4, ScalarType.Float64));
        Assert.Equal([5L, 3L], pass.Hidden.shape);
        Assert.Equal([5L, 2L], pass.Probabilities.shape);
    }

    [Fact]
    public void Forward_ProbabilityRows_SumToOne()
    {
        using var scope = NewDisposeScope();
        Course.Seed(7);
        var inputs = rand(16, 4, ScalarType.Float64) * 200;
        var pass = AsMatrices.Forward(LeafFlowerTensors.From(LeafFlowerNetwork.Example), inputs);
        var sums = pass.Probabilities.sum(1);
        Assert.True(sums.allclose(ones(16, ScalarType.Float64), rtol: 0, atol: 1e-12));
        Assert.True((pass.Probabilities >= 0).all().item<bool>());
    }

    [Fact]
    public void Forward_Hidden_HasNoNegatives()
    {
        using var scope = NewDisposeScope();
        var pass = AsMatrices.Forward(LeafFlowerTensors.From(LeafFlowerNetwork.Example), Batch(LeafFlowerExamples.Leaf));
        Assert.True(pass.HiddenSums.lt(0).any().item<bool>());   // so the next line tests something
        Assert.True(pass.Hidden.ge(0).all().item<bool>());
    }

    [Fact]
    public void Forward_SingleVector_ThrowsAskingForABatch()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() =>
            AsMatrices.Forward(LeafFlowerTensors.From(LeafFlowerNetwork.Example), tensor(LeafFlowerExamples.Leaf)));
        Assert.Contains("(N, 4)", e.Message);
    }

    [Fact]
    public void From_Float32_KeepsTheDtype()
    {
        using var tensors = LeafFlowerTensors.From(LeafFlowerNetwork.Example, dtype: ScalarType.Float32);
        Assert.All(tensors.All, t => Assert.Equal(ScalarType.Float32, t.dtype));
        Assert.Equal([3L, 4L], tensors.HiddenWeights.shape);
    }

}
