using LlmCourse.Decoding;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Decoding;

[Collection("Sequential")]
public sealed class BeamSearchTests
{
    private const long Start = ToyModels.Start, A = ToyModels.A, B = ToyModels.B, X = ToyModels.X;

    [Fact]
    public void Run_GreedyTrap_WidthTwoFindsTheLikelierSequenceGreedyMisses()
    {
        var model = ToyModels.FromProbabilities(ToyModels.GreedyTrap);
        var prompt = ToyModels.Ids(Start);

        var greedy = Generation.Generate(model, prompt, 2, DecodingStrategy.Greedy);
        var beams = BeamSearch.Run(model, prompt, width: 2, newTokens: 2);

        // Greedy takes A (0.6), then its best, x (0.4): 0.24. Beam search also keeps B (0.4), whose x (0.9) gives 0.36.
        Assert.Equal([Start, A, X], greedy.flatten().data<long>().ToArray());
        Assert.Equal(Math.Log(0.6) + Math.Log(0.4), SequenceLikelihood.LogLikelihoods(model, greedy, promptLength: 1)[0], 12);
        Assert.Equal([Start, B, X], beams.Tokens);
        Assert.Equal(Math.Log(0.4) + Math.Log(0.9), beams.Best.LogProbability, 12);
        Assert.Equal(beams.Best.LogProbability, beams.Score);
        // The other surviving beam is greedy's sequence: B x (0.36) and A x (0.24) beat A y, A z (0.18) and B y (0.04).
        Assert.Equal(2, beams.Beams.Count);
        Assert.Equal([Start, A, X], beams.Beams[1].Tokens);
        Assert.Equal(Math.Log(0.24), beams.Beams[1].LogProbability, 12);
        Assert.Equal([B, X], beams.Best.Continuation);
    }

    [Fact]
    public void Run_WidthOne_EqualsGreedy()
    {
        var (model, _) = ToyModels.Random(vocabulary: 30, seed: 11);
        var trap = ToyModels.FromProbabilities(ToyModels.GreedyTrap);

        foreach (var (m, prompt, n) in new[] { (model, ToyModels.Ids(4, 9), 20), (trap, ToyModels.Ids(Start), 5) })
        {
            var greedy = Generation.Generate(m, prompt, n, DecodingStrategy.Greedy).flatten().data<long>().ToArray();
            var beam = BeamSearch.Run(m, prompt, width: 1, newTokens: n);

            Assert.Equal(greedy, beam.Tokens);
            Assert.Single(beam.Beams);
        }
    }

    [Fact]
    public void Run_EveryBeamsLogProbability_EqualsItsSequenceLikelihood()
    {
        var (model, _) = ToyModels.Random(vocabulary: 15, seed: 12);

        var result = BeamSearch.Run(model, ToyModels.Ids(2, 3, 5), width: 4, newTokens: 8);

        Assert.Equal(4, result.Beams.Count);
        Assert.Equal(result.Beams.Select(b => b.Score).OrderDescending(), result.Beams.Select(b => b.Score));
        foreach (var beam in result.Beams)
            Assert.Equal(SequenceLikelihood.LogLikelihood(model, beam.Tokens, promptLength: 3), beam.LogProbability, 9);
    }

    [Fact]
    public void Run_StopToken_LengthPenaltyLetsALongerSequenceWin()
    {
        // Tokens: 0 start, 1 stop, 2 "a". Stop at once: 0.4. "a" then stop: 0.6 · 0.6 = 0.36.
        var model = ToyModels.FromProbabilities(new double[,] { { 0, 0.4, 0.6 }, { 0, 1, 0 }, { 0, 0.6, 0.4 } });
        var prompt = ToyModels.Ids(0);

        var plain = BeamSearch.Run(model, prompt, width: 2, newTokens: 5, stopToken: 1);
        var penalised = BeamSearch.Run(model, prompt, width: 2, newTokens: 5, stopToken: 1, lengthPenalty: 1.0);

        // α = 0: ln 0.4 > ln 0.36, the shorter wins. α = 1: ln 0.4 / (6/6) = −0.916 < ln 0.36 / (7/6) = −0.876.
        Assert.Equal([0L, 1], plain.Tokens);
        Assert.Equal(Math.Log(0.4), plain.Score, 12);
        Assert.Equal([0L, 2, 1], penalised.Tokens);
        Assert.Equal(Math.Log(0.36) / (7.0 / 6.0), penalised.Score, 12);
        Assert.Equal(Math.Log(0.36), penalised.Best.LogProbability, 12);
        Assert.All(penalised.Beams, beam => Assert.True(beam.Finished));
    }

    [Fact]
    public void Run_BadArguments_ThrowWithTheFix()
    {
        var (model, _) = ToyModels.Random(vocabulary: 5, seed: 13);

        Assert.Contains("at least 1", Assert.Throws<ArgumentOutOfRangeException>(() => BeamSearch.Run(model, ToyModels.Ids(0), width: 0, newTokens: 3)).Message);
        Assert.Contains("α", Assert.Throws<ArgumentOutOfRangeException>(() => BeamSearch.Run(model, ToyModels.Ids(0), 2, 3, lengthPenalty: -1)).Message);
        Assert.Contains("(1, T)", Assert.Throws<ArgumentException>(() => BeamSearch.Run(model, zeros(2, 1, ScalarType.Int64), 2, 3)).Message);
    }

    [Fact]
    public void Run_LeavesNoTensorsBehind()
    {
        var (model, _) = ToyModels.Random(vocabulary: 20, seed: 14);
        var prompt = ToyModels.Ids(1, 2);
        BeamSearch.Run(model, prompt, 3, 2);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        BeamSearch.Run(model, prompt, width: 3, newTokens: 30, stopToken: 0, lengthPenalty: 0.6, contextLength: 5);

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
