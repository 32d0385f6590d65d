using LlmCourse.Gpt;
using LlmCourse.Tests.Attention;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Tests.Gpt;

/// <summary>Seeded CPU training must give the same numbers on every run, on several threads too (the course's promise).</summary>
[Collection("Sequential")]
public sealed class GptReproducibilityTests
{
    // The arithmetic world's smoke size: the case where the token-embedding gradient used to vary from run to run.
    private static readonly GptConfig Config = new(VocabSize: 28, BlockSize: 64, NLayer: 2, NHead: 2, NEmbd: 64, Dropout: 0.0, Bias: false);

    [Fact]
    public void Backward_SameBatchTwentyTimes_GivesBitIdenticalGradients()
    {
        Assert.True(get_num_threads() > 1 || Environment.ProcessorCount == 1, "the test needs several intra-op threads to mean anything");
        random.manual_seed(1);
        var model = new GptModel(Config);
        var ids = randint(0, Config.VocabSize, [32, 64]);
        Dictionary<string, Tensor>? first = null;
        for (int run = 0; run < 20; run++)
        {
            model.zero_grad();
            using (NewDisposeScope())
                F.cross_entropy(model.call(ids).view(-1, Config.VocabSize), ids.view(-1)).backward();
            var gradients = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
            first ??= gradients;
            foreach (var (name, gradient) in gradients)
                Assert.True(TensorAsserts.Identical(first[name], gradient), $"run {run}: the gradient of {name} changed (max |Δ| {TensorAsserts.MaxDifference(first[name], gradient):E1})");
        }
    }

    [Fact]
    public void Training_TwoSeededRuns_EndWithBitIdenticalWeights()
    {
        var first = Train();
        var second = Train();

        foreach (var (name, weight) in first)
            Assert.True(TensorAsserts.Identical(weight, second[name]), $"{name} differs between two seeded runs (max |Δ| {TensorAsserts.MaxDifference(weight, second[name]):E1})");
    }

    private static Dictionary<string, Tensor> Train()
    {
        random.manual_seed(7);
        var model = new GptModel(Config);
        var optimizer = model.CreateOptimizer(3e-3, weightDecay: 0.1, beta2: 0.99);
        var batches = new Generator(8);
        for (int step = 0; step < 30; step++)
        {
            using var scope = NewDisposeScope();
            var ids = randint(0, Config.VocabSize, [32, 64], generator: batches);
            optimizer.zero_grad();
            // Next-token loss on a fixed pseudo-language (each id predicts itself shifted) so that training really moves.
            F.cross_entropy(model.call(ids).view(-1, Config.VocabSize), ((ids + 1) % Config.VocabSize).view(-1)).backward();
            optimizer.step();
        }
        return model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
    }
}
