using LlmCourse.Arithmetic;

namespace LlmCourse.Tests.Arithmetic;

public sealed class ArithmeticWorldTests
{
    [Fact]
    public void Problems_SplitsEveryProblemOnceAndHoldsOutAboutAFifth()
    {
        var training = ArithmeticWorld.Problems(99, heldOut: false);
        var heldOut = ArithmeticWorld.Problems(99, heldOut: true);
        int all = 100 * 100 + 100 * 101 / 2;   // every a+b, and a-b with a ≥ b

        Assert.Equal(all, training.Count + heldOut.Count);
        Assert.Empty(training.Intersect(heldOut));
        Assert.InRange(heldOut.Count / (double)all, 0.17, 0.23);
        Assert.All(heldOut, p => Assert.True(p.IsHeldOut));
    }

    [Fact]
    public void Problems_HeldOutFifthSplitsIntoDisjointValidationAndTestHalves()
    {
        var heldOut = ArithmeticWorld.Problems(99, heldOut: true);
        var validation = ArithmeticWorld.Problems(99, ArithmeticSplit.Validation);
        var test = ArithmeticWorld.Problems(99, ArithmeticSplit.Test);

        Assert.Empty(validation.Intersect(test));
        Assert.Equal(heldOut.ToHashSet(), validation.Concat(test).ToHashSet());
        Assert.InRange(validation.Count / (double)heldOut.Count, 0.45, 0.55);
        Assert.Equal(ArithmeticWorld.Problems(99, heldOut: false), ArithmeticWorld.Problems(99, ArithmeticSplit.Training));
        var instructions = ArithmeticWorld.Instructions(200, 99, ArithmeticSplit.Validation, seed: 3);
        Assert.All(instructions, e => Assert.Equal(ArithmeticSplit.Validation, e.Problem.Split));
        Assert.Contains("validation problems", Assert.Throws<ArgumentException>(() => ArithmeticWorld.Instructions(5, 0, ArithmeticSplit.Validation, seed: 1)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ArithmeticPretraining.Equations)]
    [InlineData(ArithmeticPretraining.WorkedAnswers)]
    public void PretrainingText_IsOneLinePerTrainingProblemOnlyAndIsSeeded(ArithmeticPretraining kind)
    {
        string Line(ArithmeticProblem p) => kind == ArithmeticPretraining.Equations ? p.Equation : ArithmeticWorld.Response(p).TrimEnd('\n');
        string text = ArithmeticWorld.PretrainingText(2000, 30, seed: 5, kind);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var training = ArithmeticWorld.Problems(30, heldOut: false).Select(Line).ToHashSet();
        var heldOut = ArithmeticWorld.Problems(30, heldOut: true).Select(Line).ToHashSet();

        Assert.Equal(2000, lines.Length);
        Assert.EndsWith("\n", text);
        Assert.All(lines, line => Assert.Contains(line, training));      // "12+35=47", or "12+35=47. The answer is 47.", for a training problem
        Assert.DoesNotContain(lines, heldOut.Contains);
        Assert.Equal(text, ArithmeticWorld.PretrainingText(2000, 30, seed: 5, kind));
        Assert.NotEqual(text, ArithmeticWorld.PretrainingText(2000, 30, seed: 6, kind));
    }

    [Fact]
    public void Instructions_AreWrittenWithTheWorldsAlphabetAndEndInTheStopToken()
    {
        var examples = ArithmeticWorld.Instructions(300, 999, heldOut: true, seed: 1);

        Assert.All(examples, e =>
        {
            Assert.True(e.Problem.IsHeldOut);
            Assert.EndsWith("\n", e.Prompt);
            Assert.Equal($"{e.Problem.Equation}. The answer is {e.Problem.Answer}.\n", e.Response);
            ArithmeticWorld.Tokenizer.Encode(e.Prompt + e.Response);   // throws on a character outside the alphabet
        });
        Assert.Equal(ArithmeticWorld.TemplateCount * 2, examples.Select(e => e.Prompt.Split(' ')[0] + e.Problem.Op).Distinct().Count());
        Assert.Equal('\n', ArithmeticWorld.Tokenizer.CharAt(ArithmeticWorld.EndOfText));
    }

    [Fact]
    public void Problem_NegativeSubtraction_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new ArithmeticProblem(3, 5, '-'));
        Assert.Contains("negative", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ArithmeticProblem(3, 5, '*'));
        Assert.Equal("12-5=7", new ArithmeticProblem(12, 5, '-').Equation);
    }
}
