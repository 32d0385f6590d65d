using LlmCourse.Alignment;
using LlmCourse.Gpt;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Tests.Alignment;

[Collection("Sequential")]
public sealed class RolloutsTests
{
    private const long Stop = 0;

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static GptModel Model()
    {
        random.manual_seed(3);
        var model = new GptModel(GptConfig.Nano(6));
        model.eval();
        return model;
    }

    [Fact]
    public void Sample_SameSeed_SameGroup_AndTheMaskEndsAtTheStopToken()
    {
        var model = Model();
        var prompt = tensor(new long[] { 1, 2, 3 });
        var first = Rollouts.Sample(model.call, prompt, 8, 1.0, new Generator(42), 10, Stop);
        var again = Rollouts.Sample(model.call, prompt, 8, 1.0, new Generator(42), 10, Stop);
        var other = Rollouts.Sample(model.call, prompt, 8, 1.0, new Generator(43), 10, Stop);

        Assert.True(Same(first.Ids, again.Ids));
        Assert.False(Same(first.Ids, other.Ids));
        var ids = first.ResponseIds.data<long>().ToArray();
        var mask = first.ResponseMask.data<float>().ToArray();
        int r = first.ResponseLength;
        for (int g = 0; g < 8; g++)
        {
            int stopAt = Enumerable.Range(0, r).FirstOrDefault(t => ids[g * r + t] == Stop, -1);
            for (int t = 0; t < r; t++)
            {
                bool live = stopAt < 0 || t <= stopAt;
                Assert.Equal(live ? 1f : 0f, mask[g * r + t]);
                if (!live)
                    Assert.Equal(Stop, ids[g * r + t]);   // padding after the stop
            }
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.3)]
    public void Sample_ThroughTheKvCache_DrawsTheTokensOfTheWholePrefixLoop(double temperature)
    {
        var model = Model();
        random.manual_seed(11);
        var prompt = randint(1, 6, [16, 4]);                                                // 16 different prompts of 4 tokens
        var whole = Rollouts.Sample(model.call, prompt, 16, temperature, new Generator(5), 12, Stop);
        var cached = Rollouts.Sample(model, prompt, 16, temperature, new Generator(5), 12, Stop);

        Assert.True(Same(whole.Ids, cached.Ids));
        Assert.True(Same(whole.ResponseMask, cached.ResponseMask));
        if (temperature > 0)
            Assert.Contains(0f, whole.ResponseMask.data<float>().ToArray());                // some rows stopped early, so the stop handling is compared too
        Assert.False(model.training);                                                        // the cached path leaves the mode alone
    }

    [Fact]
    public void Sample_ThroughTheKvCache_LeavesATrainingPolicyInTrainingMode()
    {
        var model = Model();
        model.train();
        Rollouts.Sample(model, tensor(new long[] { 1, 2 }), 2, 0.0, null, 3, Stop);
        Assert.True(model.training);
    }

    [Fact]
    public void Sample_TemperatureZero_IsGreedy()
    {
        var model = Model();
        var prompt = tensor(new long[] { 4, 1 });
        var rollout = Rollouts.Sample(model.call, prompt, 2, 0.0, null, 5, stopToken: 99);   // 99: never produced, so 5 tokens
        var expected = model.Generate(prompt.unsqueeze(0), 5);

        Assert.Equal(5, rollout.ResponseLength);
        Assert.True(Same(rollout.Ids[0], expected[0]));
        Assert.True(Same(rollout.Ids[1], expected[0]));
    }

    [Fact]
    public void ResponseLogProbs_EqualTheModelsLogSoftmaxAtEachResponseToken()
    {
        var model = Model();
        var ids = tensor(new long[,] { { 1, 2, 3, 4, 5 }, { 5, 4, 3, 2, 1 } });
        var logProbs = Rollouts.ResponseLogProbs(model.call, ids, promptLength: 3);
        var all = F.log_softmax(model.call(ids), -1);

        Assert.Equal(new long[] { 2, 2 }, logProbs.shape);
        Assert.Equal(all[1, 3, 1].item<float>(), logProbs[1, 1].item<float>(), 5);   // token 4 (id 1) given tokens 0…3
        Assert.Equal(all[0, 2, 4].item<float>(), logProbs[0, 0].item<float>(), 5);   // token 3 (id 4) given ids 0…2
    }

    [Fact]
    public void Sample_PositiveTemperatureWithoutGenerator_AsksForASeed()
    {
        var error = Assert.Throws<ArgumentException>(() => Rollouts.Sample(Model().call, tensor(new long[] { 1 }), 2, 1.0, null, 3, Stop));
        Assert.Contains("Generator", error.Message, StringComparison.Ordinal);
    }
    [Fact]
    public void Sample_EqualsTheLoopWrittenOutDrawForDraw_PaddingAfterTheStop()
    {
        var model = Model();
        var prompt = tensor(new long[] { 1, 2, 3 });
        const int group = 6, steps = 8;
        var ids = prompt.unsqueeze(0).expand(group, -1).clone();                       // (G, P)
        var finished = zeros(group, dtype: ScalarType.Bool);
        var generator = new Generator(11);
        var live = new List<Tensor>();
        using (no_grad())
        {
            for (int step = 0; step < steps && !finished.all().item<bool>(); step++)
            {
                var probabilities = (model.call(ids)[.., -1, ..] / 1.3).softmax(-1);  // (G, V)
                var next = probabilities.multinomial(1, generator: generator).squeeze(1);   // (G)
                next = where(finished, full_like(next, Stop), next);
                live.Add((~finished).to(ScalarType.Float32));
                ids = cat([ids, next.unsqueeze(1)], 1);
                finished = finished.logical_or(next == Stop);
            }
        }

        var rollout = Rollouts.Sample(model.call, prompt, group, 1.3, new Generator(11), steps, Stop);

        Assert.True(Same(ids, rollout.Ids));
        Assert.True(Same(stack(live, 1), rollout.ResponseMask));
        Assert.Contains(0f, rollout.ResponseMask.data<float>().ToArray());   // the seed makes a row stop early, so padding is tested
    }
}
