using LlmCourse.Gpt;
using LlmCourse.Tests.Attention;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Gpt;

[Collection("Sequential")]
public sealed class GptGenerationTests
{
    private static GptModel Build()
    {
        random.manual_seed(0);
        var model = new GptModel(new GptConfig(VocabSize: 11, BlockSize: 8, NLayer: 2, NHead: 2, NEmbd: 16));
        // Large weights spread the logits, so no two tokens are near a tie that rounding could flip.
        using (no_grad())
        {
            foreach (var p in model.parameters())
                p.mul_(10);
        }
        return model;
    }

    [Fact]
    public void Generate_GreedyPastTheBlock_SameTokensWithAndWithoutTheCache()
    {
        var model = Build();
        var prompt = tensor(new long[,] { { 1, 2, 3 }, { 4, 5, 6 } });

        var cached = model.Generate(prompt, maxNewTokens: 30, useCache: true);
        var uncached = model.Generate(prompt, maxNewTokens: 30, useCache: false);

        Assert.Equal(new long[] { 2, 33 }, cached.shape);
        Assert.True(TensorAsserts.Identical(cached[.., ..3], prompt));
        Assert.True(TensorAsserts.Identical(cached, uncached));
    }

    [Fact]
    public void Generate_Greedy_FirstTokenIsTheArgMaxOfTheLastLogits()
    {
        var model = Build();
        var prompt = tensor(new long[,] { { 7, 3 } });
        model.eval();
        long expected = model.call(prompt)[0, -1].argmax().item<long>();

        var output = model.Generate(prompt, 1);

        Assert.Equal(expected, output[0, 2].item<long>());
    }

    [Fact]
    public void Generate_Sampling_SameSeedSameTokensOtherSeedOthers()
    {
        var model = Build();
        var prompt = tensor(new long[,] { { 1 } });

        var first = model.Generate(prompt, 20, temperature: 1.0, generator: new Generator(5));
        var again = model.Generate(prompt, 20, temperature: 1.0, useCache: false, generator: new Generator(5));
        var other = model.Generate(prompt, 20, temperature: 1.0, generator: new Generator(6));

        Assert.True(TensorAsserts.Identical(first, again));
        Assert.False(TensorAsserts.Identical(first, other));
    }

    [Fact]
    public void Generate_LeavesTheModelsModeAndLeaksNoTensors()
    {
        var model = Build();
        model.train();
        var prompt = tensor(new long[,] { { 1, 2 } });
        model.Generate(prompt, 2).Dispose();     // warm-up: first calls may cache tensors inside TorchSharp
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        model.Generate(prompt, 12, useCache: true).Dispose();
        model.Generate(prompt, 12, useCache: false).Dispose();

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.True(model.training);
    }

    [Fact]
    public void Generate_NegativeTemperature_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Build().Generate(tensor(new long[,] { { 1 } }), 1, temperature: -1));
    }
    [Fact]
    public void Generate_PositiveTemperatureWithoutGenerator_AsksForASeed()
    {
        var error = Assert.Throws<ArgumentException>(() => Build().Generate(tensor(new long[,] { { 1 } }), 1, temperature: 0.8));
        Assert.Contains("new Generator(seed)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_Sampling_EqualsTheLoopWrittenOutDrawForDraw()
    {
        var model = Build();
        model.eval();
        var prompt = tensor(new long[,] { { 1, 2 }, { 3, 4 } });
        var written = prompt.clone();
        var generator = new Generator(9);
        using (no_grad())
        {
            for (int step = 0; step < 5; step++)                        // 2 + 5 tokens fit the block of 8: no window jump
            {
                var probabilities = (model.call(written)[.., -1, ..] / 0.7).softmax(-1);   // (B, V)
                var next = probabilities.multinomial(1, generator: generator);              // (B, 1)
                written = cat([written, next], 1);
            }
        }

        var cached = model.Generate(prompt, 5, temperature: 0.7, useCache: true, generator: new Generator(9));
        var uncached = model.Generate(prompt, 5, temperature: 0.7, useCache: false, generator: new Generator(9));

        Assert.True(TensorAsserts.Identical(written, uncached));
        Assert.True(TensorAsserts.Identical(written, cached));
    }
}
