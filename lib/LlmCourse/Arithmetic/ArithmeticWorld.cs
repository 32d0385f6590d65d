using LlmCourse.Gpt;

namespace LlmCourse.Arithmetic;

/// <summary>The toy world's text: equations or worked answers to pretrain on, templated instructions to fine-tune on, and its tokenizer.</summary>
/// <remarks>
/// Pretraining text is one line per problem, either a bare equation ("12+35=47") or a worked answer ("12+35=47. The
/// answer is 47."); instructions ask the same thing in words ("What is 12 plus 35?") and expect the worked answer as the
/// response. Writing the equation first lets the model use the arithmetic it learned in pretraining (a one-line chain of
/// thought, Wei et al. 2022). Supervised fine-tuning teaches the model to read instructions, and, after bare equations,
/// the answer sentence too: InstructGPT (Ouyang et al. 2022) in miniature.
/// </remarks>
public static class ArithmeticWorld
{
    private static readonly string[] AdditionTemplates = ["What is {0} plus {1}?", "Add {0} and {1}.", "Compute {0}+{1}."];
    private static readonly string[] SubtractionTemplates = ["What is {0} minus {1}?", "Subtract {1} from {0}.", "Compute {0}-{1}."];
    private const string ResponsePrefix = "The answer is ";

    /// <summary>Every character the world writes: digits, operators, the templates' letters, '\n'.</summary>
    public static CharTokenizer Tokenizer { get; } = CharTokenizer.FromText(
        "0123456789+-=\n" + ResponsePrefix + "." + string.Concat(AdditionTemplates) + string.Concat(SubtractionTemplates));

    /// <summary>The id of '\n': it ends every equation and every response, so generation stops there.</summary>
    public static long EndOfText { get; } = Tokenizer.Encode("\n")[0];

    /// <summary>Instruction templates per operation.</summary>
    public static int TemplateCount => AdditionTemplates.Length;

    /// <summary>Every problem with operands 0 … <paramref name="maxOperand"/> in the chosen split, additions first, then subtractions.</summary>
    public static IReadOnlyList<ArithmeticProblem> Problems(int maxOperand, bool heldOut) =>
        AllProblems(maxOperand).Where(p => p.IsHeldOut == heldOut).ToList();

    /// <summary>Every problem with operands 0 … <paramref name="maxOperand"/> in <paramref name="split"/>, additions first, then subtractions.</summary>
    public static IReadOnlyList<ArithmeticProblem> Problems(int maxOperand, ArithmeticSplit split) =>
        AllProblems(maxOperand).Where(p => p.Split == split).ToList();

    private static List<ArithmeticProblem> AllProblems(int maxOperand)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxOperand);
        var problems = new List<ArithmeticProblem>();
        foreach (char op in "+-")
            for (int a = 0; a <= maxOperand; a++)
                for (int b = 0; b <= (op == '+' ? maxOperand : a); b++)
                {
                    problems.Add(new ArithmeticProblem(a, b, op));
                }
        return problems;
    }

    /// <summary><paramref name="lines"/> lines of <paramref name="kind"/> (each ending in '\n') for problems drawn, with replacement, from the training split.</summary>
    public static string PretrainingText(int lines, int maxOperand, int seed, ArithmeticPretraining kind)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lines, 1);
        var pool = Problems(maxOperand, heldOut: false);
        var rng = new Random(seed);
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < lines; i++)
        {
            var problem = pool[rng.Next(pool.Count)];
            text.Append(kind switch
            {
                ArithmeticPretraining.Equations => problem.Equation + "\n",
                ArithmeticPretraining.WorkedAnswers => Response(problem),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Pretraining text is Equations or WorkedAnswers."),
            });
        }
        return text.ToString();
    }

    /// <summary>The instruction for <paramref name="problem"/> in template 0 … <see cref="TemplateCount"/>−1, ending in '\n'.</summary>
    public static string Prompt(ArithmeticProblem problem, int template = 0)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (template < 0 || template >= TemplateCount)
            throw new ArgumentOutOfRangeException(nameof(template), template, $"Templates are numbered 0 … {TemplateCount - 1}.");
        var templates = problem.Op == '+' ? AdditionTemplates : SubtractionTemplates;
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, templates[template], problem.A, problem.B) + "\n";
    }

    /// <summary>The ideal response: "12+35=47. The answer is 47.\n".</summary>
    public static string Response(ArithmeticProblem problem) => Response(problem, problem?.Answer ?? 0);

    /// <summary>A response in the expected format claiming <paramref name="answer"/>, right or wrong: "12+35=46. The answer is 46.\n".</summary>
    public static string Response(ArithmeticProblem problem, int answer)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return $"{problem.Question}={answer}. {ResponsePrefix}{answer}.\n";
    }

    /// <summary><paramref name="count"/> instructions on problems drawn (with replacement) from one split, random templates.</summary>
    public static IReadOnlyList<InstructionExample> Instructions(int count, int maxOperand, bool heldOut, int seed) =>
        Instructions(count, Problems(maxOperand, heldOut), heldOut ? "held-out" : "training", maxOperand, seed);

    /// <summary><paramref name="count"/> instructions on problems drawn (with replacement) from <paramref name="split"/>, random templates.</summary>
    public static IReadOnlyList<InstructionExample> Instructions(int count, int maxOperand, ArithmeticSplit split, int seed) =>
        Instructions(count, Problems(maxOperand, split), split.ToString().ToLowerInvariant(), maxOperand, seed);

    private static IReadOnlyList<InstructionExample> Instructions(int count, IReadOnlyList<ArithmeticProblem> pool, string splitName, int maxOperand, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (pool.Count == 0)
            throw new ArgumentException($"No {splitName} problems with operands up to {maxOperand}; use a larger maxOperand.", nameof(maxOperand));
        var rng = new Random(seed);
        var examples = new InstructionExample[count];
        for (int i = 0; i < count; i++)
        {
            var problem = pool[rng.Next(pool.Count)];
            examples[i] = new InstructionExample(problem, Prompt(problem, rng.Next(TemplateCount)), Response(problem));
        }
        return examples;
    }
}
