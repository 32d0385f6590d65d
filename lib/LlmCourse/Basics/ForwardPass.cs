using static TorchSharp.torch;

namespace LlmCourse.Basics;

/// <summary>Every intermediate number of one forward pass by hand, so a learner can see each step.</summary>
/// <param name="HiddenSums">Weighted sums plus bias of the hidden neurons, before the activation.</param>
/// <param name="Hidden">The hidden neurons after ReLU.</param>
/// <param name="Scores">The output neurons: one score per class (logits).</param>
/// <param name="Probabilities">Softmax of the scores: positive, summing to 1.</param>
public sealed record ForwardPass(double[] HiddenSums, double[] Hidden, double[] Scores, double[] Probabilities);

/// <summary>The same steps as <see cref="ForwardPass"/>, for a batch of inputs at once: one row per input.</summary>
/// <remarks>The caller owns the tensors: create the pass inside a dispose scope.</remarks>
public sealed record MatrixForwardPass(Tensor HiddenSums, Tensor Hidden, Tensor Scores, Tensor Probabilities);
