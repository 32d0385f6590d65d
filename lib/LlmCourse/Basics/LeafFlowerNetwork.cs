namespace LlmCourse.Basics;

/// <summary>The 4 → 3 → 2 network of notebook 01: its weights and biases, as plain numbers.</summary>
/// <remarks>
/// The story and the kind of numbers come from "Understanding LLMs from Scratch Using Middle School Math" (Rohit Patel, 2024):
/// four inputs describe an object (red, green, blue of its dominant colour, volume in ml), two outputs score "leaf" and "flower".
/// Row j of a weight matrix holds the weights into neuron j, as in torch.nn.Linear: (out, in).
/// </remarks>
public sealed class LeafFlowerNetwork
{
    public LeafFlowerNetwork(double[,] hiddenWeights, double[] hiddenBias, double[,] outputWeights, double[] outputBias)
    {
        // The layers must chain: 4 inputs → hidden neurons → outputs; say which size is wrong rather than fail in a loop later.
        if (hiddenBias.Length != hiddenWeights.GetLength(0))
            throw new ArgumentException($"{hiddenBias.Length} hidden biases for {hiddenWeights.GetLength(0)} hidden neurons.", nameof(hiddenBias));
        if (outputWeights.GetLength(1) != hiddenWeights.GetLength(0))
            throw new ArgumentException($"Output weights take {outputWeights.GetLength(1)} inputs, the hidden layer has {hiddenWeights.GetLength(0)} neurons.", nameof(outputWeights));
        if (outputBias.Length != outputWeights.GetLength(0))
            throw new ArgumentException($"{outputBias.Length} output biases for {outputWeights.GetLength(0)} outputs.", nameof(outputBias));
        HiddenWeights = hiddenWeights;
        HiddenBias = hiddenBias;
        OutputWeights = outputWeights;
        OutputBias = outputBias;
    }

    /// <summary>Weights into the hidden layer, (hidden, inputs) = (3, 4).</summary>
    public double[,] HiddenWeights { get; }

    /// <summary>One bias per hidden neuron, (3).</summary>
    public double[] HiddenBias { get; }

    /// <summary>Weights into the output layer, (outputs, hidden) = (2, 3).</summary>
    public double[,] OutputWeights { get; }

    /// <summary>One bias per output, (2).</summary>
    public double[] OutputBias { get; }

    public int InputCount => HiddenWeights.GetLength(1);

    public int HiddenCount => HiddenWeights.GetLength(0);

    public int OutputCount => OutputWeights.GetLength(0);

    /// <summary>
    /// Hand-picked weights, not trained: the first row and the article's two negative hidden values for the leaf (−26.6, −47.1)
    /// are kept; the rest are chosen so that, with ReLU and biases, the leaf scores "leaf" and the sunflower scores "flower".
    /// </summary>
    public static LeafFlowerNetwork Example => new(
        hiddenWeights: new[,]
        {
            //  red    green   blue   volume
            { 0.10, -0.29, -0.07, 0.46 },
            { 0.12, -0.05, 0.31, -0.24 },
            { -0.36, -0.21, -0.28, 0.23 },
        },
        hiddenBias: [0.25, -0.10, 0.15],
        outputWeights: new[,]
        {
            // h1     h2     h3
            { -0.17, 0.39, 0.10 },   // leaf
            { 0.27, -0.32, 0.05 },   // flower
        },
        outputBias: [0.05, -0.05]);
}
