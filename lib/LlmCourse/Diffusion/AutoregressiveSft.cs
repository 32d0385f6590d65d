using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Diffusion;

/// <summary>The autoregressive baseline's SFT loss on the answer tokens (its greedy answers: <see cref="RotaryTransformer.Greedy"/>).</summary>
public static class AutoregressiveSft
{
    /// <summary>
    /// Next-token cross-entropy on the answer only: position j predicts ids[j + 1], counted when j + 1 lies in
    /// [prompt, prompt + answer); each row is averaged over its answer tokens, then the rows are averaged.
    /// </summary>
    public static Tensor Loss(Tensor logits, Tensor ids, Tensor promptLengths, Tensor answerLengths)
    {
        using var scope = NewDisposeScope();
        long b = ids.shape[0], t = ids.shape[1], v = logits.shape[2];
        var inputs = logits[.., ..(int)(t - 1)];                                            // (B, T-1, V): predictions for 1 … T-1
        var targets = ids[.., 1..];                                                         // (B, T-1)
        var ce = F.cross_entropy(inputs.reshape(b * (t - 1), v), targets.reshape(b * (t - 1)), reduction: nn.Reduction.None)
            .reshape(b, t - 1);                                                             // (B*(T-1)) -> (B, T-1)
        var target = arange(1, t, device: ids.device).unsqueeze(0);                         // (1, T-1): index of the predicted token
        var start = promptLengths.to(ids.device).unsqueeze(1);                              // (B, 1)
        var inAnswer = (target >= start) & (target < start + answerLengths.to(ids.device).unsqueeze(1));
        var perRow = where(inAnswer, ce, zeros_like(ce)).sum(1) / answerLengths.to(ids.device).to(ScalarType.Float32);   // (B)
        return perRow.mean().MoveToOuterDisposeScope();
    }
}
