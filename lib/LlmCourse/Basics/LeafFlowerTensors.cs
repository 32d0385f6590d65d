using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Basics;

/// <summary>The network's weights and biases as tensors: the form training (notebook 02) works on.</summary>
/// <remarks>Owns its four tensors; dispose it, or create it inside a dispose scope.</remarks>
public sealed class LeafFlowerTensors : IDisposable
{
    public LeafFlowerTensors(Tensor hiddenWeights, Tensor hiddenBias, Tensor outputWeights, Tensor outputBias)
    {
        HiddenWeights = hiddenWeights;
        HiddenBias = hiddenBias;
        OutputWeights = outputWeights;
        OutputBias = outputBias;
    }

    /// <summary>(hidden, inputs) = (3, 4).</summary>
    public Tensor HiddenWeights { get; }

    /// <summary>(hidden) = (3).</summary>
    public Tensor HiddenBias { get; }

    /// <summary>(outputs, hidden) = (2, 3).</summary>
    public Tensor OutputWeights { get; }

    /// <summary>(outputs) = (2).</summary>
    public Tensor OutputBias { get; }

    public IEnumerable<Tensor> All => [HiddenWeights, HiddenBias, OutputWeights, OutputBias];

    /// <summary>Copies the network's numbers into tensors; float64 by default, so they match the hand computation.</summary>
    public static LeafFlowerTensors From(LeafFlowerNetwork network, Device? device = null, ScalarType dtype = ScalarType.Float64) => new(
        tensor(network.HiddenWeights, dtype, device),
        tensor(network.HiddenBias, dtype, device),
        tensor(network.OutputWeights, dtype, device),
        tensor(network.OutputBias, dtype, device));

    public void Dispose()
    {
        foreach (var t in All)
            t.Dispose();
    }
}
