using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Basics;

/// <summary>The forward pass as matrix operations: one matmul per layer does every neuron's weighted sum, for every input at once.</summary>
public static class AsMatrices
{
    /// <summary>One layer: inputs (N, in) @ weightsᵀ (in, out) + bias (out) → (N, out). The bias broadcasts over the N rows.</summary>
    public static Tensor Layer(Tensor weights, Tensor bias, Tensor inputs) => inputs.matmul(weights.t()) + bias;

    /// <summary>The whole network on a batch: inputs (N, 4) → hidden (N, 3) → scores and probabilities (N, 2).</summary>
    public static MatrixForwardPass Forward(LeafFlowerTensors network, Tensor inputs)
    {
        if (inputs.dim() != 2)
            throw new ArgumentException($"Inputs must be a batch (N, {network.HiddenWeights.shape[1]}), one row per object; got {inputs.dim()} dimension(s).", nameof(inputs));
        var hiddenSums = Layer(network.HiddenWeights, network.HiddenBias, inputs);     // (N, 3)
        var hidden = hiddenSums.relu();                                                // (N, 3)
        var scores = Layer(network.OutputWeights, network.OutputBias, hidden);         // (N, 2)
        var probabilities = scores.softmax(dim: 1);                                    // (N, 2), each row sums to 1
        return new MatrixForwardPass(hiddenSums, hidden, scores, probabilities);
    }
}
