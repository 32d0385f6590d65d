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
}
