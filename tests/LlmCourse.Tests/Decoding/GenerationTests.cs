using LlmCourse.Decoding;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Decoding;

[Collection("Sequential")]
public sealed class GenerationTests
{
    [Fact]
    public void Generate_Greedy_EqualsRepeatedArgmax()
    {
        var (model, logits) = ToyModels.Random(vocabulary: 12, seed: 1);
        var prompt = tensor(new long[,] { { 3, 7 }, { 0, 11 } });

        var ids = Generation.Generate(model, prompt, newTokens: 10, DecodingStrategy.Greedy);

        for (int b = 0; b < 2; b++)
        {
            // By hand: a bigram model's next token is the argmax of the last token's row.
            var expected = new List<long> { prompt[b, 0].item<long>(), prompt[b, 1].item<long>() };
            for (int step = 0; step < 10; step++)
            {
                long last = expected[^1];
                expected.Add(Enumerable.Range(0, 12).MaxBy(j => logits[last, j]));
            }
            Assert.Equal(expected, ids[b].data<long>().ToArray());
        }
    }

    [Fact]
    public void Generate_ContextLength_ModelSeesAtMostThatManyTokens()
    {
        var seen = new List<long>();
        var (bigram, _) = ToyModels.Random(vocabulary: 5, seed: 2);
        NextTokenModel model = ids => { seen.Add(ids.shape[1]); return bigram(ids); };

        Generation.Generate(model, ToyModels.Ids(1, 2), newTokens: 6, DecodingStrategy.Greedy, contextLength: 4);

        Assert.Equal([2L, 3L, 4L, 4L, 4L, 4L], seen);
    }

    [Fact]
    public void Generate_StopToken_EndsOnceEveryRowStopped_AndPadsRowsThatStoppedEarlier()
    {
        // 0 → 1 → 2 (stop) → 3 → 3 …, all certain.
        var model = ToyModels.FromProbabilities(new double[,] { { 0, 1, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 }, { 0, 0, 0, 1 } });
        var prompt = tensor(new long[,] { { 0 }, { 1 } });

        var ids = Generation.Generate(model, prompt, newTokens: 10, DecodingStrategy.Greedy, stopToken: 2);

        Assert.Equal([2L, 3L], ids.shape);
        Assert.Equal([0L, 1, 2, 1, 2, 2], ids.flatten().data<long>().ToArray());   // row 1 pads with 2 where the model says 3
        var continuations = Generation.Continuations(ids, promptLength: 1, stopToken: 2);
        Assert.Equal([1L], continuations[0]);
        Assert.Empty(continuations[1]);
    }

    [Fact]
    public void Generate_SameSeed_SameText_AnotherSeed_AnotherText()
    {
        var (model, _) = ToyModels.Random(vocabulary: 30, seed: 3);
        var prompt = ToyModels.Ids(0);

        Tensor Run(int seed) => Generation.Generate(model, prompt, 40, DecodingStrategy.Sampling(new Generator((ulong)seed), topP: 0.95));

        Assert.Equal(Run(7).data<long>().ToArray(), Run(7).data<long>().ToArray());
        Assert.NotEqual(Run(7).data<long>().ToArray(), Run(8).data<long>().ToArray());
    }

    [Fact]
    public void Generate_LeavesNoTensorsBehind_AndThePromptUntouched()
    {
        var (model, _) = ToyModels.Random(vocabulary: 20, seed: 4);
        var prompt = tensor(new long[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        var strategy = DecodingStrategy.Sampling(new Generator(1), temperature: 0.8, topK: 10, topP: 0.9);
        Generation.Generate(model, prompt, 3, strategy).Dispose();                     // warm up any lazy state
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var ids = Generation.Generate(model, prompt, 50, strategy, contextLength: 4, stopToken: 19);
        ids.Dispose();

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal([1L, 2, 3, 4, 5, 6], prompt.flatten().data<long>().ToArray());
    }

    [Fact]
    public void Generate_ZeroNewTokens_ReturnsACopyOfThePrompt()
    {
        var (model, _) = ToyModels.Random(vocabulary: 5, seed: 5);
        var prompt = ToyModels.Ids(1, 2, 3);

        var ids = Generation.Generate(model, prompt, 0, DecodingStrategy.Greedy);

        Assert.Equal([1L, 2, 3], ids.flatten().data<long>().ToArray());
        ids.Dispose();
        Assert.Equal([1L, 2, 3], prompt.flatten().data<long>().ToArray());
    }

    [Fact]
    public void Generate_ModelScoringEveryPosition_ThrowsPointingToLastPosition()
    {
        NextTokenModel everyPosition = ids => zeros(ids.shape[0], ids.shape[1], 5);     // (B, T, V): the GPT output, unwrapped

        var error = Assert.Throws<InvalidOperationException>(
            () => Generation.Generate(everyPosition, ToyModels.Ids(1), 1, DecodingStrategy.Greedy));

        Assert.Contains("NextTokenModels.LastPosition", error.Message);
    }

    [Fact]
    public void Generate_PromptNotInt64Rows_ThrowsShowingTheShape()
    {
        var (model, _) = ToyModels.Random(vocabulary: 5, seed: 6);

        var oneDimensional = Assert.Throws<ArgumentException>(() => Generation.Generate(model, tensor(new long[] { 1, 2 }), 1, DecodingStrategy.Greedy));
        var int32 = Assert.Throws<ArgumentException>(() => Generation.Generate(model, tensor(new int[,] { { 1 } }), 1, DecodingStrategy.Greedy));

        Assert.Contains("(B, T) int64", oneDimensional.Message);
        Assert.Contains("Int32", int32.Message);
    }
}
