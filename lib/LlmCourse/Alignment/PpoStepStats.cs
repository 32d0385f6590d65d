namespace LlmCourse.Alignment;

/// <summary>What one <see cref="PpoTrainer.Step"/> saw and did; reward and KL are measured on the rollouts before the update.</summary>
/// <param name="Step">0-based count of steps taken before this one.</param>
/// <param name="MeanScore">Mean of the scorer's rewards (what PPO maximises: a reward model's or a rule's).</param>
/// <param name="Kl">Mean over responses of Σ_t (log π − log π_ref): the sampled estimate of KL(π ‖ π_ref) per response, in nats.</param>
/// <param name="ClipFraction">Share of response tokens whose clipped term was active, averaged over the PPO epochs.</param>
/// <param name="PolicyLoss">Clipped surrogate loss, averaged over the epochs.</param>
/// <param name="ValueLoss">Clipped value loss, averaged over the epochs.</param>
/// <param name="ApproxKl">Mean ½(log π_new − log π_old)² over tokens: how far the epochs moved the policy from the sampling one.</param>
/// <param name="MeanResponseLength">Mean response length in tokens, the stop token included.</param>
/// <param name="Seconds">Wall time of the step: sampling, scoring and updates.</param>
public sealed record PpoStepStats(
    int Step,
    double MeanScore,
    double Kl,
    double ClipFraction,
    double PolicyLoss,
    double ValueLoss,
    double ApproxKl,
    double MeanResponseLength,
    double Seconds);
