using LlmCourse.Alignment;
using LlmCourse.Arithmetic;
using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Alignment;

[Collection("Sequential")]
public sealed class PpoTrainerTests
{
    private static GptModel Tiny()
    {
        random.manual_seed(11);
        var model = new GptModel(new GptConfig(ArithmeticWorld.Tokenizer.Size, BlockSize: 48, NLayer: 1, NHead: 2, NEmbd: 16, Bias: false));
        model.eval();
        return model;
    }

    // A random tiny model rarely answers right, so the rule would give all zeros and nothing to learn; length varies.
    private static readonly PpoScorer Length = (_, _, responses) => responses.Select(r => r.Length / 6.0).ToArray();

    private static (PpoTrainer Trainer, GptModel Policy, GptModel Reference) Trainer(int seed)
    {
        var policy = Tiny();
        var reference = ArithmeticModels.Copy(policy);
        var value = new ValueHeadModel(ArithmeticModels.Copy(policy));
        var options = new PpoOptions(LearningRate: 1e-3, PpoEpochs: 2, MaxNewTokens: 6, Seed: seed);
        return (new PpoTrainer(policy, reference, value, ArithmeticWorld.Tokenizer, ArithmeticWorld.EndOfText, Length, options), policy, reference);
    }

    private static readonly IReadOnlyList<string> Batch = ArithmeticWorld.Instructions(6, 9, heldOut: false, seed: 1).Select(e => e.Prompt).ToList();

    [Fact]
    public void Step_UpdatesThePolicy_LeavesTheReference_AndReportsFiniteStats()
    {
        var (trainer, policy, reference) = Trainer(seed: 3);
        using var _ = trainer;
        var before = policy.HeadWeight.clone();
        var referenceBefore = reference.HeadWeight.clone();
        var stats = trainer.Step(Batch);
        Assert.False(policy.HeadWeight.equal(before).all().item<bool>());
        Assert.True(reference.HeadWeight.equal(referenceBefore).all().item<bool>());
        Assert.Equal(stats.MeanResponseLength / 6.0, stats.MeanScore, 5);   // the scorer's reward, the length / 6
        Assert.True(Math.Abs(stats.Kl) < 1e-4, "the first rollouts come from a policy identical to the reference");
        Assert.InRange(stats.ClipFraction, 0.0, 1.0);
        Assert.InRange(stats.MeanResponseLength, 1.0, 6.0);
        Assert.True(double.IsFinite(stats.PolicyLoss) && double.IsFinite(stats.ValueLoss));
        Assert.Single(trainer.History);
    }

    [Fact]
    public void Step_SameSeed_SameStats()
    {
        var (first, _, _) = Trainer(seed: 4);
        var (second, _, _) = Trainer(seed: 4);
        using (first)
        using (second)
        {
            var a = first.Step(Batch);
            var b = second.Step(Batch);
            Assert.Equal(a with { Seconds = 0 }, b with { Seconds = 0 });
        }
    }

    [Fact]
    public void Constructor_PolicyAsItsOwnReference_Throws()
    {
        var policy = Tiny();
        Assert.Throws<ArgumentException>(() => new PpoTrainer(policy, policy, new ValueHeadModel(Tiny()), ArithmeticWorld.Tokenizer, ArithmeticWorld.EndOfText, Length));
    }
}
