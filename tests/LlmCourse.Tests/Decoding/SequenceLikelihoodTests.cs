using LlmCourse.Decoding;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Decoding;

[Collection("Sequential")]
public sealed class SequenceLikelihoodTests
{
    [Fact]
    public void LogLikelihood_Batch_EqualsTheHandComputationPerRow()
    {
        var model = ToyModels.FromProbabilities(ToyModels.GreedyTrap);
        var ids = tensor(new long[,] { { 0, 2, 3, 5 }, { 0, 1, 4, 3 } });

        var scores = SequenceLikelihood.LogLikelihoods(model, ids, promptLength: 1);

        Assert.Equal(Math.Log(0.4) + Math.Log(0.9) + Math.Log(1.0 / 3), scores[0], 12);
        Assert.Equal(Math.Log(0.6) + Math.Log(0.3) + Math.Log(1.0 / 3), scores[1], 12);
    }

    [Fact]
    public void LogLikelihood_LongerPrompt_ScoresOnlyTheTokensAfterIt()
    {
        var model = ToyModels.FromProbabilities(ToyModels.GreedyTrap);

        Assert.Equal(Math.Log(0.9), SequenceLikelihood.LogLikelihood(model, [0L, 2, 3], promptLength: 2), 12);
        Assert.Equal(0.0, SequenceLikelihood.LogLikelihood(model, [0L, 2, 3], promptLength: 3));
    }

    [Fact]
    public void LogLikelihood_ImpossibleToken_IsMinusInfinity()
    {
        var model = ToyModels.FromProbabilities(ToyModels.GreedyTrap);

        Assert.Equal(double.NegativeInfinity, SequenceLikelihood.LogLikelihood(model, [0L, 3], promptLength: 1));
    }

    [Fact]
    public void LogLikelihood_PromptLengthZero_ThrowsExplainingWhy()
    {
        var model = ToyModels.FromProbabilities(ToyModels.GreedyTrap);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SequenceLikelihood.LogLikelihood(model, [0L, 2], promptLength: 0));

        Assert.Contains("condition on", error.Message);
    }

    [Fact]
    public void LogLikelihood_LeavesNoTensorsBehind()
    {
        var (model, _) = ToyModels.Random(vocabulary: 10, seed: 21);
        using var ids = randint(0, 10, [3, 12], dtype: ScalarType.Int64, generator: new Generator(1));
        SequenceLikelihood.LogLikelihoods(model, ids, 2);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        SequenceLikelihood.LogLikelihoods(model, ids, promptLength: 1, contextLength: 4);

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
