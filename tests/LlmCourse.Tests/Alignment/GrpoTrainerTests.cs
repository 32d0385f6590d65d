using LlmCourse.Alignment;
using LlmCourse.Arithmetic;
using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Alignment;

[Collection("Sequential")]
public sealed class GrpoTrainerTests
{
    [Fact]
    public void Step_ChangesThePolicyOnly_AndReportsFiniteStats()
    {
        random.manual_seed(9);
        var policy = new GptModel(GptConfig.Nano(ArithmeticWorld.Tokenizer.Size) with { BlockSize = 64 });
        var reference = ArithmeticModels.Copy(policy);
        var referenceBefore = reference.HeadWeight.detach().clone();
        var batch = ArithmeticWorld.Instructions(4, 9, heldOut: false, seed: 3);
        using var grpo = new GrpoTrainer(policy, reference, new GrpoOptions(GroupSize: 4, LearningRate: 1e-3, MaxNewTokens: 8, Seed: 1));

        var stats = grpo.Step(batch);

        Assert.Equal(4, stats.Groups);
        Assert.InRange(stats.ZeroSignalGroups, 0, 4);
        Assert.True(double.IsFinite(stats.Loss) && double.IsFinite(stats.Kl));
        Assert.Equal(0, stats.Kl, 5);   // the policy equals the reference when the answers are sampled
        Assert.True(reference.HeadWeight.eq(referenceBefore).all().item<bool>());
        // An untrained model earns no reward, so every group is constant and the policy gradient is 0; the KL term
        // alone is 0 at the start too. The step must still leave the reference untouched and report one entry.
        Assert.Single(grpo.History);
        Assert.Equal(policy.parameters().Sum(p => p.numel()), grpo.ParameterCounts.Policy);
    }

    [Fact]
    public void Constructor_SameModelAsReference_Throws()
    {
        var model = new GptModel(GptConfig.Nano(ArithmeticWorld.Tokenizer.Size) with { BlockSize = 64 });
        Assert.Throws<ArgumentException>(() => new GrpoTrainer(model, model));
    }
}
