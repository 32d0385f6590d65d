namespace LlmCourse.Alignment;

/// <summary>What one <see cref="GrpoTrainer.Step"/> saw and did; rewards and accuracy are measured on the sampled answers before the update.</summary>
/// <param name="Step">0-based count of steps taken before this one.</param>
/// <param name="MeanReward">Mean rule reward over all N·G answers.</param>
/// <param name="Accuracy">Share of answers that are correct.</param>
/// <param name="ZeroSignalGroups">Groups whose rewards were all equal, so every advantage in them was zero.</param>
/// <param name="Groups">Groups in the step (N, the prompts).</param>
/// <param name="Kl">Mean k3 KL to the reference per response token, at the first iteration (before the update).</param>
/// <param name="ClipFraction">Share of response tokens whose clipped term was active, averaged over the iterations.</param>
/// <param name="Loss">GRPO loss, averaged over the iterations.</param>
/// <param name="MeanResponseLength">Mean answer length in tokens, the stop token included.</param>
/// <param name="Seconds">Wall time of the step: sampling, scoring and updates.</param>
public sealed record GrpoStepStats(
    int Step,
    double MeanReward,
    double Accuracy,
    int ZeroSignalGroups,
    int Groups,
    double Kl,
    double ClipFraction,
    double Loss,
    double MeanResponseLength,
    double Seconds)
{
    /// <summary>The share of groups that taught nothing.</summary>
    public double ZeroSignalShare => (double)ZeroSignalGroups / Groups;
}
