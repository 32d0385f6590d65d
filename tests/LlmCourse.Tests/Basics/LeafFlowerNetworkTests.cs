using LlmCourse.Basics;

namespace LlmCourse.Tests.Basics;

public class LeafFlowerNetworkTests
{
    [Fact]
    public void Example_HasFourInputsThreeHiddenTwoOutputs()
    {
        var net = LeafFlowerNetwork.Example;
        Assert.Equal((4, 3, 2), (net.InputCount, net.HiddenCount, net.OutputCount));
        Assert.Equal(net.InputCount, LeafFlowerExamples.InputNames.Length);
        Assert.Equal(net.OutputCount, LeafFlowerExamples.OutputNames.Length);
        Assert.Equal(net.InputCount, LeafFlowerExamples.Weather.GreyAfternoon.Length);
    }

    [Fact]
    public void Example_ReturnsAFreshCopy()
    {
        // A notebook that edits a weight must not change what the next caller gets.
        var first = LeafFlowerNetwork.Example;
        first.HiddenWeights[0, 0] = 99;
        Assert.Equal(0.10, LeafFlowerNetwork.Example.HiddenWeights[0, 0]);
    }

    [Fact]
    public void Constructor_BiasOfWrongLength_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new LeafFlowerNetwork(new double[3, 4], new double[2], new double[2, 3], new double[2]));
        Assert.Contains("2 hidden biases for 3 hidden neurons", e.Message);
    }

    [Fact]
    public void Constructor_LayersThatDoNotChain_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LeafFlowerNetwork(new double[3, 4], new double[3], new double[2, 5], new double[2]));
    }
}
