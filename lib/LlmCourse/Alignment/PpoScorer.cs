using LlmCourse.Arithmetic;
using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>Scores sampled responses: one reward per row of <paramref name="rollout"/>, row i answering <paramref name="examples"/>[i].</summary>
public delegate double[] PpoScorer(IReadOnlyList<InstructionExample> examples, Rollout rollout, IReadOnlyList<string> responses);

/// <summary>The two scorers of notebook 14: the hidden rule itself, or a trained reward model standing in for it.</summary>
public static class PpoScorers
{
    /// <summary>The hidden rule <see cref="ArithmeticRewards.Reward"/> on the decoded responses.</summary>
    public static PpoScorer Rule { get; } = (examples, _, responses) =>
        examples.Select((e, i) => ArithmeticRewards.Reward(e.Problem, responses[i])).ToArray();

    /// <summary>The reward model's score of prompt + response, read at each response's last token.</summary>
    public static PpoScorer FromRewardModel(RewardModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return (_, rollout, _) =>
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var last = KlPenalty.LastIndex(rollout.ResponseMask) + rollout.PromptLength;   // (G): position in prompt + response
            return model.call(rollout.Ids, last).cpu().to(ScalarType.Float64).data<double>().ToArray();
        };
    }
}
