using LlmCourse.Alignment;
using LlmCourse.Arithmetic;
using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Alignment;

[Collection("Sequential")]
public sealed class RewardModelTests
{
    private static RewardModel Model()
    {
        random.manual_seed(5);
        var model = new RewardModel(new GptModel(new GptConfig(ArithmeticWorld.Tokenizer.Size, BlockSize: 64, NLayer: 1, NHead: 2, NEmbd: 16, Bias: false)));
        using (no_grad())
            foreach (var (name, p) in model.named_parameters().Where(p => p.name.Contains("score")))
                p.normal_(0, 1);                                             // the head starts at zero; give it something to read
        model.eval();
        return model;
    }

    [Fact]
    public void Forward_ReadsTheLastNonPaddingToken()
    {
        var model = Model();
        var ids = tensor(new long[,] { { 3, 4, 5, 6, 7 }, { 3, 4, 5, 9, 1 } });
        var last = tensor(new long[] { 2, 2 });
        using var noGrad = no_grad();
        var rewards = model.call(ids, last);
        // Same tokens up to position 2, different padding after it: same reward.
        Assert.Equal(rewards[0].item<float>(), rewards[1].item<float>(), 6);
        // Reading one position later sees the difference.
        var later = model.call(ids, tensor(new long[] { 3, 3 }));
        Assert.NotEqual(later[0].item<float>(), later[1].item<float>());
        // And the reward is the per-position score at exactly that position.
        var alone = model.call(ids[..1, ..3], tensor(new long[] { 2 }));
        Assert.Equal(rewards[0].item<float>(), alone[0].item<float>(), 4);
    }

    [Fact]
    public void Forward_OneIndexPerRowRequired() =>
        Assert.Throws<ArgumentException>(() => Model().call(zeros(2, 4, dtype: ScalarType.Int64), zeros(3, dtype: ScalarType.Int64)));

    [Fact]
    public void PreferenceBatch_PutsChosenFirst_AndFindsEachRowsLastToken()
    {
        var pairs = ArithmeticPreferences.Generate(3, 9, heldOut: false, seed: 1);
        var (ids, last) = PreferenceBatch.Build(ArithmeticWorld.Tokenizer, pairs, ArithmeticWorld.EndOfText);
        Assert.Equal(new long[] { 6, ids.shape[1] }, ids.shape);
        var lastIndex = last.data<long>().ToArray();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal((pairs[i].Prompt + pairs[i].Chosen).Length - 1, lastIndex[i]);
            Assert.Equal((pairs[i].Prompt + pairs[i].Rejected).Length - 1, lastIndex[i + 3]);
        }
    }

    [Fact]
    public void Evaluation_ScoresEachPairAsTheModelDoes_InAnyBatchSize()
    {
        var model = Model();
        using (no_grad())
            model.Head.Weight.normal_(0, 0.5);                               // a zero head would tie every pair
        var pairs = ArithmeticPreferences.Generate(5, 9, heldOut: false, seed: 2);
        var (chosen, rejected) = RewardModelEvaluation.Score(model, ArithmeticWorld.Tokenizer, pairs, ArithmeticWorld.EndOfText, batchSize: 2);
        for (int i = 0; i < pairs.Count; i++)
        {
            var (ids, last) = PreferenceBatch.Build(ArithmeticWorld.Tokenizer, [pairs[i]], ArithmeticWorld.EndOfText);
            var alone = model.call(ids, last).to(ScalarType.Float64).data<double>().ToArray();   // (2): chosen, rejected
            Assert.Equal(alone[0], chosen[i], 5);
            Assert.Equal(alone[1], rejected[i], 5);
        }
        double expected = chosen.Zip(rejected).Count(p => p.First > p.Second) / 5.0;
        Assert.Equal(expected, RewardModelEvaluation.Accuracy(model, ArithmeticWorld.Tokenizer, pairs, ArithmeticWorld.EndOfText));
        Assert.NotEqual(chosen, rejected);
    }
}
