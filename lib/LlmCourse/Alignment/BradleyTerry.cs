using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Alignment;

/// <summary>The Bradley–Terry preference loss that trains a reward model: −log σ(r_chosen − r_rejected).</summary>
/// <remarks>
/// Bradley and Terry (1952) model the chance that A beats B as σ(s_A − s_B); maximising the likelihood of human (here:
/// rule) preferences gives this loss, the one InstructGPT and trl's RewardTrainer use. Only differences of rewards
/// matter, so the scale's origin is arbitrary. Its gradient with respect to r_chosen is −(1 − σ(d)) = −σ(−d).
/// </remarks>
public static class BradleyTerry
{
    /// <summary>mean over pairs of −log σ(r_chosen − r_rejected); both (N).</summary>
    public static Tensor Loss(Tensor chosenRewards, Tensor rejectedRewards)
    {
        ArgumentNullException.ThrowIfNull(chosenRewards);
        ArgumentNullException.ThrowIfNull(rejectedRewards);
        if (!chosenRewards.shape.SequenceEqual(rejectedRewards.shape))
            throw new ArgumentException($"One reward per pair on each side: found {Checks.Check.Format(chosenRewards.shape)} and {Checks.Check.Format(rejectedRewards.shape)}.");
        // logsigmoid stays finite where log(sigmoid(d)) would underflow to −∞ for very negative d.
        return -F.logsigmoid(chosenRewards - rejectedRewards).mean();
    }

    /// <summary>The loss of one pair by hand: log(1 + e^(−d)), d = r_chosen − r_rejected.</summary>
    public static double Loss(double chosenReward, double rejectedReward)
    {
        double d = chosenReward - rejectedReward;
        return d > 0 ? Math.Log(1 + Math.Exp(-d)) : -d + Math.Log(1 + Math.Exp(d));   // stable on both sides
    }

    /// <summary>The share of pairs where the chosen response gets the higher reward.</summary>
    public static double Accuracy(Tensor chosenRewards, Tensor rejectedRewards)
    {
        using var scope = NewDisposeScope();
        return (chosenRewards > rejectedRewards).to(ScalarType.Float32).mean().item<float>();
    }
}
