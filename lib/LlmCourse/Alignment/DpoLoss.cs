using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Alignment;

/// <summary>DPO's loss (Rafailov et al. 2023): a Bradley–Terry loss on the policy's implicit rewards, no reward model, no sampling.</summary>
/// <remarks>
/// The implicit reward of a response is β·(log π(y) − log π_ref(y)), summed over its tokens. The loss is
/// −log σ(r_chosen − r_rejected): the Bradley–Terry loss a reward model would be trained with, but the policy is the
/// reward model. When π = π_ref both rewards are 0 and the loss is log 2. trl's DPOTrainer (loss_type "sigmoid") with
/// β = 0.1 by default.
/// </remarks>
public static class DpoLoss
{
    /// <summary>
    /// Mean loss over the pairs, the implicit rewards of chosen and rejected responses (B) (detached), and the share of
    /// pairs whose chosen reward is higher (the implicit reward accuracy).
    /// </summary>
    /// <param name="chosen">(B) log π(y_w | x), each summed over the response's tokens, with autograd.</param>
    /// <param name="rejected">(B) log π(y_l | x).</param>
    /// <param name="referenceChosen">(B) log π_ref(y_w | x).</param>
    /// <param name="referenceRejected">(B) log π_ref(y_l | x).</param>
    /// <param name="beta">β: how strongly the implicit reward is tied to the reference (trl: 0.1).</param>
    public static (Tensor Loss, Tensor ChosenRewards, Tensor RejectedRewards, double Accuracy) Compute(
        Tensor chosen, Tensor rejected, Tensor referenceChosen, Tensor referenceRejected, double beta = 0.1)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(rejected);
        ArgumentNullException.ThrowIfNull(referenceChosen);
        ArgumentNullException.ThrowIfNull(referenceRejected);
        if (!(beta > 0))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "β must be positive; 0.1 is the usual value.");
        if (chosen.dim() != 1 || new[] { rejected, referenceChosen, referenceRejected }.Any(t => !t.shape.SequenceEqual(chosen.shape)))
            throw new ArgumentException($"Expected four sequence log-probabilities of one shape (B); found {Checks.Check.Format(chosen.shape)}, {Checks.Check.Format(rejected.shape)}, {Checks.Check.Format(referenceChosen.shape)}, {Checks.Check.Format(referenceRejected.shape)}.");
        using var scope = NewDisposeScope();
        var chosenRewards = beta * (chosen - referenceChosen.detach());            // (B)
        var rejectedRewards = beta * (rejected - referenceRejected.detach());      // (B)
        var loss = -F.logsigmoid(chosenRewards - rejectedRewards).mean();
        double accuracy = (chosenRewards > rejectedRewards).to(ScalarType.Float32).mean().item<float>();
        return (loss.MoveToOuterDisposeScope(), chosenRewards.detach().MoveToOuterDisposeScope(), rejectedRewards.detach().MoveToOuterDisposeScope(), accuracy);
    }
}
