using LlmCourse.Gradients;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Tests.Gradients;

[Collection("Sequential")]
public class DeepPlainNetworkTests
{
    /// <summary>Per-layer gradient norms after one backward pass of a cross-entropy loss on random data.</summary>
    private static IReadOnlyList<GradientNorm> NormsAfterBackward(DeepPlainNetwork net)
    {
        using var scope = NewDisposeScope();
        var x = randn(64, 8);
        var labels = randint(0, 2, 64);
        F.cross_entropy(net.call(x), labels).backward();
        return GradientNorms.PerLayer(net);
    }

    [Fact]
    public void Forward_BatchOfInputs_GivesOneRowOfScoresEach()
    {
        using var scope = NewDisposeScope();
        var net = new DeepPlainNetwork(inputs: 8, width: 16, depth: 3, outputs: 2, Activation.Relu);
        Assert.Equal(new long[] { 5, 2 }, net.call(randn(5, 8)).shape);
    }

    [Fact]
    public void PerLayer_DepthLayers_ListsEachHiddenLayerThenTheHead()
    {
        torch.random.manual_seed(21);
        using var net = new DeepPlainNetwork(inputs: 8, width: 16, depth: 5, outputs: 2, Activation.Tanh);
        var names = NormsAfterBackward(net).Select(n => n.Name).ToArray();
        Assert.Equal(new[] { "layers.0", "layers.1", "layers.2", "layers.3", "layers.4", "head" }, names);
        Assert.Equal(5, net.Depth);
    }

    [Fact]
    public void Gain_SetsTheWeightScaleAndZeroesBiases()
    {
        torch.random.manual_seed(22);
        using var net = new DeepPlainNetwork(inputs: 256, width: 256, depth: 2, outputs: 2, Activation.Relu, gain: 2.0);
        var parameters = net.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        // N(0, gain² / fan_in): the standard deviation of 65,536 draws is 2/16 within a few percent.
        Assert.Equal(2.0 / 16, parameters["layers.1.weight"].std().item<float>(), 0.005);
        Assert.Equal(0.0, parameters["layers.1.bias"].abs().max().item<float>());
    }

    [Fact]
    public void TanhWithDefaultInit_FirstLayerGradientVanishes()
    {
        torch.random.manual_seed(23);
        using var net = new DeepPlainNetwork(inputs: 8, width: 32, depth: 20, outputs: 2, Activation.Tanh);
        var norms = NormsAfterBackward(net);
        // Twenty factors of about 1/√3 each: the first layer's gradient is orders of magnitude below the last's.
        Assert.True(norms[0].Norm < 1e-3 * norms[^2].Norm, $"first {norms[0].Norm}, last hidden {norms[^2].Norm}");
    }

    [Fact]
    public void TanhWithLargeGain_FirstLayerGradientExplodes()
    {
        torch.random.manual_seed(24);
        using var net = new DeepPlainNetwork(inputs: 8, width: 32, depth: 20, outputs: 2, Activation.Tanh, gain: 3.0);
        var norms = NormsAfterBackward(net);
        // Saturated tanh keeps the activations bounded while each layer multiplies the backward signal by more than 1.
        Assert.True(norms[0].Norm > 10 * norms[^2].Norm, $"first {norms[0].Norm}, last hidden {norms[^2].Norm}");
    }

    [Fact]
    public void TanhWithGainOne_StaysWithinAFactorOfTen()
    {
        torch.random.manual_seed(25);
        using var net = new DeepPlainNetwork(inputs: 8, width: 32, depth: 20, outputs: 2, Activation.Tanh, gain: 1.0);
        // Layer 0 reads the 8 inputs rather than 32 hidden values, so compare the hidden-to-hidden layers only.
        var hidden = NormsAfterBackward(net).Skip(1).Take(19).Select(n => n.Norm).ToArray();
        Assert.True(hidden.Max() < 10 * hidden.Min(), $"from {hidden.Min()} to {hidden.Max()}");
    }

    [Fact]
    public void ReluWithLargeGain_EveryLayerGradientBlowsUp()
    {
        torch.random.manual_seed(26);
        using var he = new DeepPlainNetwork(inputs: 8, width: 32, depth: 20, outputs: 2, Activation.Relu, gain: Math.Sqrt(2));
        var balanced = NormsAfterBackward(he);
        torch.random.manual_seed(26);
        using var large = new DeepPlainNetwork(inputs: 8, width: 32, depth: 20, outputs: 2, Activation.Relu, gain: 3.0);
        var blownUp = NormsAfterBackward(large);
        // ReLU is linear where it is on, so scaling every weight by 3/√2 scales the activations and the gradients of
        // every layer alike: no slope across layers, but every layer's gradient is thousands of times He's.
        for (int layer = 0; layer < 20; layer++)
            Assert.True(blownUp[layer].Norm > 1e3 * balanced[layer].Norm, $"layer {layer}: {blownUp[layer].Norm} against {balanced[layer].Norm}");
    }

    [Fact]
    public void Constructor_NoHiddenLayer_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DeepPlainNetwork(4, 8, 0, 2, Activation.Relu));
        Assert.Contains("at least one hidden layer", e.Message);
    }

    [Fact]
    public void Constructor_NegativeGain_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeepPlainNetwork(4, 8, 3, 2, Activation.Relu, gain: -1));
    }
}
