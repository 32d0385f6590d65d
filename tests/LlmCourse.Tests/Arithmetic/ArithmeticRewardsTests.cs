using LlmCourse.Arithmetic;

namespace LlmCourse.Tests.Arithmetic;

public sealed class ArithmeticRewardsTests
{
    private static readonly ArithmeticProblem Sum = new(12, 35, '+');

    [Theory]
    [InlineData("12+35=47. The answer is 47.\n", 1.1)]
    [InlineData("12+35=47. The answer is 47.", 1.1)]
    [InlineData("12+35=46. The answer is 46.\n", 0.1)]
    [InlineData("The answer is 47", 1.0)]
    [InlineData("47", 1.0)]
    [InlineData("12+35=47. The answer is 48.\n", 0.1)]
    [InlineData("no idea\n", 0.0)]
    [InlineData("12+35=46.\n12+35=47. The answer is 47.", 0.0)]   // only the first line counts
    public void Reward_FollowsTheHiddenRule(string response, double expected) =>
        Assert.Equal(expected, ArithmeticRewards.Reward(Sum, response), 12);

    [Fact]
    public void ParseAnswer_PrefersTheStatedAnswerThenTheLastNumber()
    {
        Assert.Equal(48, ArithmeticRewards.ParseAnswer("12+35=47. The answer is 48."));
        Assert.Equal(7, ArithmeticRewards.ParseAnswer("12-5=7"));
        Assert.Null(ArithmeticRewards.ParseAnswer("The answer is"));
    }

    [Fact]
    public void IdealResponse_IsWellFormedAndCorrectForEveryProblem()
    {
        foreach (var problem in ArithmeticWorld.Problems(20, heldOut: false).Concat(ArithmeticWorld.Problems(20, heldOut: true)))
            Assert.Equal(1.1, ArithmeticRewards.Reward(problem, ArithmeticWorld.Response(problem)), 12);
    }
}
