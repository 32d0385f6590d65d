using LlmCourse.Alignment;

namespace LlmCourse.Arithmetic;

/// <summary>Seeded preference pairs for the toy world: the ideal response against a flawed one, labelled by <see cref="ArithmeticRewards.Reward"/>.</summary>
/// <remarks>
/// Human labellers in InstructGPT compared two model samples; here a hidden rule plays the labeller, and the rejected
/// side is built to cover the ways a model goes wrong: near and far misses, a right equation with a wrong conclusion,
/// the right answer in the wrong format, and answers cut short. Held-out pairs use held-out problems only.
/// </remarks>
public static class ArithmeticPreferences
{
    /// <summary><paramref name="count"/> pairs on training or held-out problems; kinds are drawn at random, so each appears about equally often.</summary>
    public static IReadOnlyList<ArithmeticPreferencePair> Generate(int count, int maxOperand, bool heldOut, int seed) =>
        Generate(count, ArithmeticWorld.Problems(maxOperand, heldOut), heldOut ? "held-out" : "training", maxOperand, seed);

    /// <summary><paramref name="count"/> pairs on the problems of <paramref name="split"/>.</summary>
    public static IReadOnlyList<ArithmeticPreferencePair> Generate(int count, int maxOperand, ArithmeticSplit split, int seed) =>
        Generate(count, ArithmeticWorld.Problems(maxOperand, split), split.ToString().ToLowerInvariant(), maxOperand, seed);

    private static IReadOnlyList<ArithmeticPreferencePair> Generate(int count, IReadOnlyList<ArithmeticProblem> problems, string splitName, int maxOperand, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (problems.Count == 0)
            throw new ArgumentException($"No {splitName} problems with operands up to {maxOperand}; use a larger maxOperand.", nameof(maxOperand));
        var rng = new Random(seed);
        var kinds = Enum.GetValues<RejectionKind>();
        var pairs = new ArithmeticPreferencePair[count];
        for (int i = 0; i < count; i++)
        {
            var problem = problems[rng.Next(problems.Count)];
            var kind = kinds[rng.Next(kinds.Length)];
            string prompt = ArithmeticWorld.Prompt(problem, rng.Next(ArithmeticWorld.TemplateCount));
            pairs[i] = new ArithmeticPreferencePair(problem, prompt, ArithmeticWorld.Response(problem), Reject(problem, kind, maxOperand, rng), kind);
        }
        return pairs;
    }

    /// <summary>A flawed response of the given kind; the rule always scores it below the ideal response.</summary>
    public static string Reject(ArithmeticProblem problem, RejectionKind kind, int maxOperand, Random rng)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(rng);
        int answer = problem.Answer;
        return kind switch
        {
            RejectionKind.NearMiss => ArithmeticWorld.Response(problem, WrongNear(answer, rng)),
            RejectionKind.FarMiss => ArithmeticWorld.Response(problem, WrongFar(answer, 2 * maxOperand, rng)),
            RejectionKind.Inconsistent => $"{problem.Equation}. The answer is {WrongNear(answer, rng)}.\n",
            RejectionKind.Malformed => rng.Next(3) switch
            {
                0 => $"The answer is {answer}.\n",                             // the equation is missing
                1 => $"{problem.Equation}. The answer is {answer}\n",          // the final period is missing
                _ => $"{problem.Equation}.\n",                                 // no sentence at all
            },
            RejectionKind.Truncated => $"{problem.Question}={answer}. The answer is "[..(problem.Question.Length + 1 + rng.Next(1, 3))] + "\n",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown rejection kind."),
        };
    }

    // Off by 1 to 3 either way, never negative, never right.
    private static int WrongNear(int answer, Random rng)
    {
        int delta = rng.Next(1, 4) * (answer < 3 || rng.Next(2) == 0 ? 1 : -1);
        return answer + delta;
    }

    // Anywhere in 0 … max, at least 4 away from the right answer.
    private static int WrongFar(int answer, int max, Random rng)
    {
        int wrong;
        do
            wrong = rng.Next(0, Math.Max(max, 8) + 1);
        while (Math.Abs(wrong - answer) < 4);
        return wrong;
    }
}
