using LlmCourse.Arithmetic;
using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>How a policy's sampled answers score, and how far it has moved from a reference.</summary>
/// <param name="MeanRuleReward">Mean of the hidden rule's reward.</param>
/// <param name="MeanScore">Mean of the scorer's reward (equal to the rule's when the rule is the scorer).</param>
/// <param name="Accuracy">Share of correct answers.</param>
/// <param name="Kl">Mean over responses of Σ_t (log π − log π_ref), in nats (0 without a reference).</param>
public sealed record SampledScore(double MeanRuleReward, double MeanScore, double Accuracy, double Kl, int Count);

/// <summary>Scores a policy on one sampled response per instruction, the way PPO sees it, with a fixed seed for fair comparisons.</summary>
public static class PpoEvaluation
{
    /// <summary>
    /// Samples one response per example at <paramref name="temperature"/> from a generator seeded with
    /// <paramref name="seed"/>, then averages the rule's reward, <paramref name="scorer"/>'s (the rule when null), the
    /// accuracy, and the KL estimate to <paramref name="reference"/>. Runs without autograd.
    /// </summary>
    public static SampledScore Sample(GptModel policy, IReadOnlyList<InstructionExample> examples, int seed,
        PpoScorer? scorer = null, GptModel? reference = null, double temperature = 1.0, int maxNewTokens = 32)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
            throw new ArgumentException("No examples to score.", nameof(examples));
        scorer ??= PpoScorers.Rule;
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        double rule = 0, score = 0, correct = 0, kl = 0;
        foreach (var group in examples.GroupBy(e => e.Prompt.Length))
        {
            using var scope = NewDisposeScope();
            var members = group.ToList();
            var prompt = tensor(members.SelectMany(e => ArithmeticWorld.Tokenizer.Encode(e.Prompt)).ToArray(), device: policy.HeadWeight.device)
                .reshape(members.Count, group.Key);                                               // (G, P)
            var rollout = Rollouts.Sample(policy.call, prompt, members.Count, temperature, temperature > 0 ? generator : null, maxNewTokens, ArithmeticWorld.EndOfText);
            var texts = rollout.DecodeResponses(ArithmeticWorld.Tokenizer);
            score += scorer(members, rollout, texts).Sum();
            for (int i = 0; i < members.Count; i++)
            {
                rule += ArithmeticRewards.Reward(members[i].Problem, texts[i]);
                correct += ArithmeticRewards.IsCorrect(members[i].Problem, texts[i]) ? 1 : 0;
            }
            if (reference is not null)
            {
                var logProbs = Rollouts.ResponseLogProbs(policy.call, rollout.Ids, group.Key);
                var referenceLogProbs = Rollouts.ResponseLogProbs(reference.call, rollout.Ids, group.Key);
                kl += KlPenalty.PerToken(logProbs, referenceLogProbs, rollout.ResponseMask).sum().item<float>();
            }
        }
        int n = examples.Count;
        return new SampledScore(rule / n, score / n, correct / n, kl / n, n);
    }
}
