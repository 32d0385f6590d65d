using LlmCourse.Alignment;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Alignment;

[Collection("Sequential")]
public sealed class KlPenaltyTests
{
    private static readonly Tensor LogProbs = tensor(new float[,] { { -1f, -2f, -3f }, { -0.5f, -0.5f, -0.5f } });
    private static readonly Tensor Reference = tensor(new float[,] { { -1.5f, -1f, -9f }, { -0.5f, -1f, -2f } });
    private static readonly Tensor Mask = tensor(new float[,] { { 1, 1, 0 }, { 1, 1, 1 } });

    [Fact]
    public void PerToken_IsLogRatioToTheReference_ZeroOnPadding()
    {
        var kl = KlPenalty.PerToken(LogProbs, Reference, Mask);
        Assert.Equal(new[] { 0.5f, -1f, 0f, 0f, 0.5f, 1.5f }, kl.flatten().data<float>().ToArray());
    }

    [Fact]
    public void Rewards_AreMinusBetaKl_PlusTheScoreOnTheLastResponseToken()
    {
        var rewards = KlPenalty.Rewards(tensor(new[] { 2f, -1f }), LogProbs, Reference, Mask, beta: 0.1);
        // Row 0: −0.1·[0.5, −1] then the score 2 on token 1 (its last); row 1: −0.1·[0, 0.5, 1.5] and −1 on token 2.
        float[] expected = [-0.05f, 0.1f + 2f, 0f, 0f, -0.05f, -0.15f - 1f];
        var actual = rewards.flatten().data<float>().ToArray();
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 5);
    }

    [Fact]
    public void Rewards_MatchingPolicies_OnlyTheScoreRemains()
    {
        var rewards = KlPenalty.Rewards(tensor(new[] { 1f, 1f }), LogProbs, LogProbs, Mask, beta: 0.5);
        Assert.Equal(2f, rewards.sum().item<float>(), 6);
        Assert.Equal(new long[] { 1, 2 }, KlPenalty.LastIndex(Mask).data<long>().ToArray());
    }
}
