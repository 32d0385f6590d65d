using LlmCourse.Arithmetic;

namespace LlmCourse.Tests.Arithmetic;

public sealed class ArithmeticPreferencesTests
{
    [Fact]
    public void Generate_TheRuleAlwaysPrefersTheChosenResponse()
    {
        var pairs = ArithmeticPreferences.Generate(500, 99, heldOut: false, seed: 3);
        Assert.All(pairs, p => Assert.True(p.ChosenReward > p.RejectedReward, $"{p.Kind}: '{p.Chosen}' vs '{p.Rejected}'"));
        Assert.All(pairs, p => Assert.Equal(1.1, p.ChosenReward, 9));
        Assert.Equal(Enum.GetValues<RejectionKind>().Length, pairs.Select(p => p.Kind).Distinct().Count());
    }

    [Fact]
    public void Generate_HeldOutPairsUseHeldOutProblemsOnly_AndEveryTextTokenizes()
    {
        var heldOut = ArithmeticPreferences.Generate(200, 30, heldOut: true, seed: 4);
        var training = ArithmeticPreferences.Generate(200, 30, heldOut: false, seed: 4);
        Assert.All(heldOut, p => Assert.True(p.Problem.IsHeldOut));
        Assert.All(training, p => Assert.False(p.Problem.IsHeldOut));
        foreach (var p in heldOut.Concat(training))
            Assert.NotEmpty(ArithmeticWorld.Tokenizer.Encode(p.Prompt + p.Chosen + p.Rejected));
    }

    [Fact]
    public void Generate_TestPairsUseTestProblemsOnly()
    {
        Assert.All(ArithmeticPreferences.Generate(200, 30, ArithmeticSplit.Test, seed: 5), p => Assert.Equal(ArithmeticSplit.Test, p.Problem.Split));
        Assert.All(ArithmeticPreferences.Generate(200, 30, ArithmeticSplit.Validation, seed: 5), p => Assert.Equal(ArithmeticSplit.Validation, p.Problem.Split));
    }

    [Fact]
    public void Generate_SameSeed_SamePairs()
    {
        Assert.Equal(ArithmeticPreferences.Generate(50, 20, false, 7), ArithmeticPreferences.Generate(50, 20, false, 7));
        Assert.NotEqual(ArithmeticPreferences.Generate(50, 20, false, 7), ArithmeticPreferences.Generate(50, 20, false, 8));
    }

    [Theory]
    [InlineData(RejectionKind.NearMiss, 0.1)]
    [InlineData(RejectionKind.FarMiss, 0.1)]
    [InlineData(RejectionKind.Inconsistent, 0.1)]
    public void Reject_WellFormedWrongAnswers_EarnOnlyTheFormatReward(RejectionKind kind, double reward)
    {
        var problem = new ArithmeticProblem(12, 35, '+');
        var rng = new Random(1);
        for (int i = 0; i < 20; i++)
            Assert.Equal(reward, ArithmeticRewards.Reward(problem, ArithmeticPreferences.Reject(problem, kind, 99, rng)), 9);
    }
}
