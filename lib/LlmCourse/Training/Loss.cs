using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Training;

/// <summary>The language-model loss: mean cross-entropy of logits against the index of the true next token.</summary>
public static class Loss
{
    /// <summary>
    /// Logits (B, V) against targets (B), or logits (B, T, V) against targets (B, T) as a GPT gives them: every position
    /// is one prediction, and the mean is over all of them.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        var flatLogits = logits.reshape(-1, logits.shape[^1]);   // (B, V) or (B, T, V) -> (B*T, V)
        var flatTargets = targets.reshape(-1);                   // (B) or (B, T) -> (B*T)
        return F.cross_entropy(flatLogits, flatTargets);
    }
}
