using LlmCourse.Alignment;
using LlmCourse.Arithmetic;
using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Alignment;

[Collection("Sequential")]
public sealed class GroupSamplerTests
{
    private static GptModel Model()
    {
        random.manual_seed(7);
        var model = new GptModel(GptConfig.Nano(ArithmeticWorld.Tokenizer.Size) with { BlockSize = 64 });
        model.eval();
        return model;
    }

    private static readonly IReadOnlyList<ArithmeticProblem> Problems = ArithmeticWorld.Problems(9, heldOut: false).Take(3).ToList();

    private static IReadOnlyList<string> Prompts() => Problems.Select(p => ArithmeticWorld.Prompt(p)).ToList();

    // The toy world's rule as the reward function: the reward of a response to prompt n.
    private static double Rule(int n, string response) => ArithmeticRewards.Reward(Problems[n], response);

    private static GroupSample Sample(GptModel model, IReadOnlyList<string> prompts, int groupSize, int seed, int maxNewTokens = 12) =>
        GroupSampler.Sample(model.call, ArithmeticWorld.Tokenizer, prompts, Rule, groupSize, 1.0, new Generator((ulong)seed), maxNewTokens, ArithmeticWorld.EndOfText);

    [Fact]
    public void Sample_SameSeed_SameGroups_OtherSeed_OtherGroups()
    {
        var model = Model();
        var first = Sample(model, Prompts(), 4, seed: 1);
        var again = Sample(model, Prompts(), 4, seed: 1);
        var other = Sample(model, Prompts(), 4, seed: 2);

        Assert.Equal(first.Responses, again.Responses);
        Assert.True(first.Rollout.Ids.eq(again.Rollout.Ids).all().item<bool>());
        Assert.NotEqual(first.Responses, other.Responses);
        Assert.Equal([3L, 4L], first.Rewards.shape);
        Assert.Equal(4, first.GroupSize);
    }

    [Fact]
    public void Sample_AGptThroughItsKvCache_GivesTheGroupsOfTheWholePrefixLoop()
    {
        var model = Model();
        var whole = Sample(model, Prompts(), 4, seed: 3);
        var cached = GroupSampler.Sample(model, ArithmeticWorld.Tokenizer, Prompts(), Rule, 4, 1.0, new Generator(3), 12, ArithmeticWorld.EndOfText);

        Assert.Equal(whole.Responses, cached.Responses);
        Assert.True(whole.Rewards.eq(cached.Rewards).all().item<bool>());
        Assert.True(whole.Rollout.ResponseMask.eq(cached.Rollout.ResponseMask).all().item<bool>());
    }

    [Fact]
    public void Sample_RowsArePromptMajor_AndRewardsFollowTheRule()
    {
        var model = Model();
        var prompts = Prompts();
        var sample = Sample(model, prompts, 3, seed: 5);
        var rewards = sample.Rewards.data<float>().ToArray();

        for (int n = 0; n < prompts.Count; n++)
            for (int g = 0; g < 3; g++)
            {
                int row = n * 3 + g;
                var prompt = ArithmeticWorld.Tokenizer.Decode(sample.Rollout.Ids[row, ..sample.Rollout.PromptLength].data<long>().ToArray());
                Assert.Equal(prompts[n], prompt);
                Assert.Equal((float)ArithmeticRewards.Reward(Problems[n], sample.Responses[row]), rewards[row], 6);
            }
    }

    [Fact]
    public void Sample_PromptsOfDifferentLengths_Throw()
    {
        var prompts = new[] { new ArithmeticProblem(1, 2, '+'), new ArithmeticProblem(10, 20, '+') }.Select(p => ArithmeticWorld.Prompt(p)).ToList();
        var error = Assert.Throws<ArgumentException>(() => Sample(Model(), prompts, 2, seed: 1, maxNewTokens: 4));
        Assert.Contains("one length", error.Message);
    }
}
