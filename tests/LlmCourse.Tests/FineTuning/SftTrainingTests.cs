using LlmCourse.Arithmetic;
using LlmCourse.FineTuning;
using LlmCourse.Gpt;
using LlmCourse.Tests.Attention;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmCourse.Tests.FineTuning;

[Collection("Sequential")]
public sealed class SftTrainingTests
{
    private static GptModel Model()
    {
        random.manual_seed(4);
        return new GptModel(ArithmeticRecipe.Config(nLayer: 1, nHead: 2, nEmbd: 16));
    }

    private static readonly IReadOnlyList<(string Prompt, string Response)> Examples =
        ArithmeticWorld.Instructions(64, 9, heldOut: false, seed: 3).Select(e => e.Text).ToList();

    private static readonly CharTokenizer Tokenizer = ArithmeticWorld.Tokenizer;
    private static readonly long Pad = ArithmeticWorld.EndOfText;

    [Fact]
    public void Run_TrainsOnlyTheGivenParameters_AndTheLossFalls()
    {
        var model = Model();
        var head = model.Blocks[0].Attention.Projections["c_attn"].parameters().ToList();
        var frozenBefore = model.Transformer.PositionEmbedding.weight.detach().clone();
        var trainedBefore = head[0].detach().clone();

        var losses = SftTraining.Run(model.call, head.Cast<Parameter>().ToList(), Tokenizer, Examples, Pad, new SftOptions(40, 8, 1e-2, Seed: 1));

        Assert.Equal(40, losses.Count);
        Assert.True(losses.TakeLast(5).Average() < losses.Take(5).Average());
        Assert.True(TensorAsserts.Identical(frozenBefore, model.Transformer.PositionEmbedding.weight.detach()));
        Assert.False(TensorAsserts.Identical(trainedBefore, head[0].detach()));
    }

    [Fact]
    public void Run_LinearDecay_MakesTheLastStepsSmall()
    {
        double FirstOverLastStep(bool decay)
        {
            var model = Model();
            var weight = model.Transformer.TokenEmbedding.weight;
            var changes = new List<double>();
            // Copied to managed arrays: the callback runs inside the training step's dispose scope.
            float[] previous = weight.data<float>().ToArray();
            SftTraining.Run(model.call, model.parameters().ToList(), Tokenizer, Examples, Pad, new SftOptions(10, 8, 1e-2, Seed: 1, LinearDecay: decay),
                (_, _) =>
                {
                    float[] now = weight.data<float>().ToArray();
                    changes.Add(now.Zip(previous, (a, b) => Math.Abs(a - b)).Max());
                    previous = now;
                });
            return changes[0] / changes[^1];
        }

        // Adam's step is about the learning rate in size: constant, the first and last steps are alike; decaying to a
        // tenth of the rate at the last of 10 steps, the last is about ten times smaller.
        Assert.InRange(FirstOverLastStep(decay: false), 0.3, 3);
        Assert.True(FirstOverLastStep(decay: true) > 5);
    }

    [Fact]
    public void Run_Groups_TrainEachAtItsOwnRate()
    {
        var model = Model();
        var embedding = model.Transformer.TokenEmbedding.weight;
        var attention = model.Blocks[0].Attention.Projections["c_attn"].parameters().Cast<Parameter>().ToList();
        float[] embeddingBefore = embedding.data<float>().ToArray(), attentionBefore = attention[0].data<float>().ToArray();
        double MaxChange(float[] before, Tensor after) => after.data<float>().ToArray().Zip(before, (a, b) => Math.Abs(a - b)).Max();

        SftTraining.Run(model.call, [new TrainableGroup(attention, 1e-2), new TrainableGroup([embedding], 1e-4)], Tokenizer, Examples, Pad,
            new SftOptions(1, 8, LearningRate: 123, Seed: 1));

        // Adam's first step moves each weight by about its group's rate (the options' own rate is unused).
        Assert.InRange(MaxChange(attentionBefore, attention[0]), 0.5e-2, 1.5e-2);
        Assert.InRange(MaxChange(embeddingBefore, embedding), 0.5e-4, 1.5e-4);
    }

    [Fact]
    public void Run_OneGroup_TrainsExactlyAsPlainAdamW()
    {
        var byRun = Model();
        SftTraining.Run(byRun.call, byRun.parameters().ToList(), Tokenizer, Examples, Pad, new SftOptions(5, 8, 1e-2, Seed: 1, GradientClip: 0));

        var byHand = Model();
        var parameters = byHand.parameters().ToList();
        var optimizer = optim.AdamW(parameters, 1e-2, weight_decay: 0.0);
        var rng = new Random(1);
        for (int step = 0; step < 5; step++)
        {
            using var scope = NewDisposeScope();
            var batch = Enumerable.Range(0, 8).Select(_ => Examples[rng.Next(Examples.Count)]).ToList();
            var (ids, targets) = SftBatch.Build(Tokenizer, batch, Pad);
            optimizer.zero_grad();
            SftLoss.Compute(byHand.call(ids), targets).backward();
            optimizer.step();
        }

        foreach (var (name, tensor) in byRun.state_dict())
            Assert.True(TensorAsserts.Identical(tensor, byHand.state_dict()[name]), name);
    }

    [Fact]
    public void Run_ParameterInTwoGroups_IsRefused()
    {
        var model = Model();
        var weight = model.Transformer.TokenEmbedding.weight;
        var error = Assert.Throws<ArgumentException>(() =>
            SftTraining.Run(model.call, [new TrainableGroup([weight], 1e-3), new TrainableGroup([weight], 1e-2)], Tokenizer, Examples, Pad, new SftOptions(1, 2, 1e-3, 0)));
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoParameters_SaysWhatToPass()
    {
        var model = Model();
        var error = Assert.Throws<ArgumentException>(() => SftTraining.Run(model.call, new List<Parameter>(), Tokenizer, Examples, Pad, new SftOptions(1, 2, 1e-3, 0)));
        Assert.Contains("trainable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_LinearDecay_FallsFromTheRateToZero_ConstantOtherwise()
    {
        var decaying = new SftOptions(Steps: 4, BatchSize: 2, LearningRate: 1e-3, Seed: 0, LinearDecay: true);

        Assert.Equal([1e-3, 7.5e-4, 5e-4, 2.5e-4], Enumerable.Range(0, 4).Select(decaying.LearningRateAt).ToArray());
        Assert.All(Enumerable.Range(0, 4), s => Assert.Equal(1e-3, (decaying with { LinearDecay = false }).LearningRateAt(s)));
    }
}
