namespace LlmCourse.Basics;

/// <summary>The forward pass with plain C# loops: multiply, add, nothing hidden.</summary>
public static class ByHand
{
    /// <summary>Each neuron j: sum over i of weights[j, i] × input[i], plus bias[j].</summary>
    public static double[] Layer(double[,] weights, double[] bias, double[] input)
    {
        int outputs = weights.GetLength(0), inputs = weights.GetLength(1);
        if (input.Length != inputs)
            throw new ArgumentException($"The layer takes {inputs} numbers, got {input.Length}.", nameof(input));
        var result = new double[outputs];
        for (int j = 0; j < outputs; j++)
        {
            double sum = 0;
            for (int i = 0; i < inputs; i++)
                sum += weights[j, i] * input[i];
            result[j] = sum + bias[j];
        }
        return result;
    }

    /// <summary>ReLU: negatives become 0, the rest pass unchanged.</summary>
    public static double[] Relu(double[] values) => values.Select(v => Math.Max(0.0, v)).ToArray();

    /// <summary>exp of each score over the sum of all: positive numbers that add up to 1, in the same order as the scores.</summary>
    public static double[] Softmax(double[] scores)
    {
        // Subtracting the largest score changes nothing mathematically (it cancels) but keeps exp from overflowing.
        double max = scores.Max();
        var exps = scores.Select(s => Math.Exp(s - max)).ToArray();
        double total = exps.Sum();
        return exps.Select(e => e / total).ToArray();
    }

    /// <summary>Input → hidden sums → ReLU → output scores → probabilities.</summary>
    public static ForwardPass Forward(LeafFlowerNetwork network, double[] input)
    {
        var hiddenSums = Layer(network.HiddenWeights, network.HiddenBias, input);
        var hidden = Relu(hiddenSums);
        var scores = Layer(network.OutputWeights, network.OutputBias, hidden);
        return new ForwardPass(hiddenSums, hidden, scores, Softmax(scores));
    }
}
