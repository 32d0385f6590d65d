using LlmCourse.Alignment;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Alignment;

[Collection("Sequential")]
public sealed class GroupAdvantagesTests
{
    [Fact]
    public void ZScores_ConstantGroup_IsZeroNotNaN()
    {
        var rewards = tensor(new float[,] { { 1.1f, 1.1f, 1.1f, 1.1f }, { 0f, 0f, 0f, 0f } });
        var z = GroupAdvantages.ZScores(rewards).data<float>().ToArray();

        Assert.All(z, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ZScores_HandGroup_MatchesHandComputation()
    {
        // One right answer in four: mean 0.25, unbiased std √((0.75² + 3·0.25²)/3) = 0.5, so z = 1.5, −0.5, −0.5, −0.5.
        var rewards = tensor(new float[,] { { 1f, 0f, 0f, 0f }, { 0f, 2f, 0f, 2f } });
        var z = GroupAdvantages.ZScores(rewards, epsilon: 0).data<float>().ToArray();
        // Second row: mean 1, unbiased std √(4/3), z = ∓√3/2.
        float h = MathF.Sqrt(3) / 2;
        float[] expected = [1.5f, -0.5f, -0.5f, -0.5f, -h, h, -h, h];
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], z[i], 5);

        var withEpsilon = GroupAdvantages.ZScores(rewards).data<float>().ToArray();
        Assert.Equal(0.75f / (0.5f + 1e-4f), withEpsilon[0], 5);
    }

    [Fact]
    public void ZScores_WithoutScaling_OnlySubtractsTheMean()
    {
        var z = GroupAdvantages.ZScores(tensor(new float[,] { { 1f, 0f, 0f, 0f } }), scale: false).data<float>().ToArray();

        Assert.Equal([0.75f, -0.25f, -0.25f, -0.25f], z);
    }

    [Fact]
    public void ZeroSignal_FlagsExactlyTheConstantGroups()
    {
        var rewards = tensor(new float[,] { { 1f, 1f, 1f }, { 1f, 0f, 1f }, { 0.1f, 0.1f, 0.1f }, { 0f, 0f, 1.1f } });
        var flags = GroupAdvantages.ZeroSignal(rewards).data<bool>().ToArray();

        Assert.Equal([true, false, true, false], flags);
    }

    [Fact]
    public void ZScores_GroupOfOne_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => GroupAdvantages.ZScores(zeros(3, 1)));
        Assert.Contains("at least 2", error.Message);
    }
}
