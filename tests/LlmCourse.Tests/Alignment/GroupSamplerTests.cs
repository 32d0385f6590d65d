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

    private static IReadOnlyList<InstructionExample> Prompts() =>
        ArithmeticWorld.Problems(9, heldOut: false).Take(3).Select(p => new InstructionExample(p, ArithmeticWorld.Prompt(p), ArithmeticWorld.Response(p))).ToList();

    [Fact]
    public void Sample_SameSeed_SameGroups_OtherSeed_OtherGroups()
    {
        var model = Model();
        var first = GroupSampler.Sample(model.call, Prompts(), 4, 1.0, new Generator(1), 12);
        var again = GroupSampler.Sample(model.call, Prompts(), 4, 1.0, new Generator(1), 12);
        var other = GroupSampler.Sample(model.call, Prompts(), 4, 1.0, new Generator(2), 12);

        Assert.Equal(first.Responses, again.Responses);
        Assert.True(first.Rollout.Ids.eq(again.Rollout.Ids).all().item<bool>());
        Assert.NotEqual(first.Responses, other.Responses);
        Assert.Equal([3L, 4L], first.Rewards.shape);
        Assert.Equal(4, first.GroupSize);
    }

    [Fact]
    public void Sample_RowsArePromptMajor_AndRewardsFollowTheRule()
    {
        var model = Model();
        var prompts = Prompts();
        var sample = GroupSampler.Sample(model.call, prompts, 3, 1.0, new Generator(5), 12);
        var rewards = sample.Rewards.data<float>().ToArray();

        for (int n = 0; n < prompts.Count; n++)
            for (int g = 0; g < 3; g++)
            {
                int row = n * 3 + g;
                var prompt = ArithmeticWorld.Tokenizer.Decode(sample.Rollout.Ids[row, ..sample.Rollout.PromptLength].data<long>().ToArray());
                Assert.Equal(prompts[n].Prompt, prompt);
                Assert.Equal((float)ArithmeticRewards.Reward(prompts[n].Problem, sample.Responses[row]), rewards[row], 6);
            }
    }

    [Fact]
    public void Sample_PromptsOfDifferentLengths_Throw()
    {
        var problems = new[] { new ArithmeticProblem(1, 2, '+'), new ArithmeticProblem(10, 20, '+') };
        var prompts = problems.Select(p => new InstructionExample(p, ArithmeticWorld.Prompt(p), ArithmeticWorld.Response(p))).ToList();
        var error = Assert.Throws<ArgumentException>(() => GroupSampler.Sample(Model().call, prompts, 2, 1.0, new Generator(1), 4));
        Assert.Contains("one length", error.Message);
    }
}
