using LlmCourse.Basics;

namespace LlmCourse.Tests.Basics;

public class ByHandTests
{
    [Fact]
    public void Layer_TopHiddenNeuronOfTheLeaf_IsTheArticlesNumberPlusBias()
    {
        // The article: (32 × 0.10) + (107 × −0.29) + (56 × −0.07) + (11.2 × 0.46) = −26.598, and −26.348 with bias 0.25.
        var net = LeafFlowerNetwork.Example;
        var sums = ByHand.Layer(net.HiddenWeights, net.HiddenBias, LeafFlowerExamples.Leaf);
        Assert.Equal(-26.348, sums[0], 9);
    }

    [Fact]
    public void Layer_WrongInputLength_Throws()
    {
        var net = LeafFlowerNetwork.Example;
        Assert.Throws<ArgumentException>(() => ByHand.Layer(net.HiddenWeights, net.HiddenBias, [1, 2, 3]));
    }

    [Fact]
    public void Relu_Negatives_BecomeZero()
    {
        Assert.Equal([0.0, 0.0, 2.5], ByHand.Relu([-3.0, 0.0, 2.5]));
    }

    [Fact]
    public void Softmax_Scores_SumToOneAndKeepOrder()
    {
        var p = ByHand.Softmax([2.0, 1.0, 0.1]);
        Assert.Equal(1.0, p.Sum(), 12);
        Assert.True(p[0] > p[1] && p[1] > p[2]);
        Assert.Equal(Math.Exp(2) / (Math.Exp(2) + Math.Exp(1) + Math.Exp(0.1)), p[0], 12);
    }

    [Fact]
    public void Softmax_HugeScores_DoNotOverflow()
    {
        var p = ByHand.Softmax([1000.0, 999.0]);
        Assert.All(p, v => Assert.False(double.IsNaN(v)));
        Assert.Equal(1 / (1 + Math.Exp(-1)), p[0], 12);
    }

    [Fact]
    public void Forward_Leaf_ScoresLeaf()
    {
        var pass = ByHand.Forward(LeafFlowerNetwork.Example, LeafFlowerExamples.Leaf);
        Assert.True(pass.Scores[0] > pass.Scores[1]);
        Assert.True(pass.Probabilities[0] > 0.99);
    }

    [Fact]
    public void Forward_Sunflower_ScoresFlower()
    {
        var pass = ByHand.Forward(LeafFlowerNetwork.Example, LeafFlowerExamples.Sunflower);
        Assert.True(pass.Scores[1] > pass.Scores[0]);
    }

    [Fact]
    public void Forward_Leaf_ReluZeroesTheTwoNegativeHiddenNeurons()
    {
        var pass = ByHand.Forward(LeafFlowerNetwork.Example, LeafFlowerExamples.Leaf);
        Assert.True(pass.HiddenSums[0] < 0 && pass.HiddenSums[2] < 0);
        Assert.Equal([0.0, pass.HiddenSums[1], 0.0], pass.Hidden);
    }
}
