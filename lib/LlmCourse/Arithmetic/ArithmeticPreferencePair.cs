using LlmCourse.Alignment;

namespace LlmCourse.Arithmetic;

/// <summary>A toy-world preference: the text pair the alignment code reads, plus the problem and the kind of flaw, which only the toy world knows.</summary>
public sealed record ArithmeticPreferencePair(ArithmeticProblem Problem, string Prompt, string Chosen, string Rejected, RejectionKind Kind)
    : PreferencePair(Prompt, Chosen, Rejected)
{
    /// <summary>The rule's reward for the chosen response (1.1 for the ideal answer).</summary>
    public double ChosenReward => ArithmeticRewards.Reward(Problem, Chosen);

    /// <summary>The rule's reward for the rejected response: always below <see cref="ChosenReward"/>.</summary>
    public double RejectedReward => ArithmeticRewards.Reward(Problem, Rejected);
}
