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

    [Fact]
    public void Training_WhileBusyLoopsCompeteForTheCores_EndsWithBitIdenticalWeights()
    {
        // The course's machines are shared: other runs take cores away mid-step, so libtorch's intra-op threads finish
        // their slices in another order. The result must depend only on the seed (and the thread count), not on that order.
        var quiet = Train();
        var busy = WhileBusyLoopsSpin(Train);

        foreach (var (name, weight) in quiet)
            Assert.True(TensorAsserts.Identical(weight, busy[name]), $"{name} differs when busy loops compete for the cores (max |Δ| {TensorAsserts.MaxDifference(weight, busy[name]):E1})");
    }

    [Fact]
    public void LibraryTraining_WhileBusyLoopsCompete_EndsWithBitIdenticalWeights()
    {
        // The same promise for the path every notebook's shared model takes: TrainedGpt.Train from a recipe.
        string text = string.Concat(Enumerable.Repeat("Now is the winter of our discontent\nMade glorious summer by this sun of York;\n", 40));
        string path = Path.Combine(Path.GetTempPath(), $"llmcourse-repro-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, text);
        try
        {
            using var data = CharDataset.FromText(text);
            var recipe = GptRecipe.ForText(path, v => Config with { VocabSize = v, BlockSize = 32 }, steps: 10, batchSize: 16, maxLearningRate: 3e-3, warmupSteps: 2);
            Dictionary<string, Tensor> Weights() => TrainedGpt.Train(recipe, data, CPU).Model.state_dict();

            var quiet = Weights();
            var busy = WhileBusyLoopsSpin(Weights);

            foreach (var (name, weight) in quiet)
                Assert.True(TensorAsserts.Identical(weight, busy[name]), $"{name} differs when busy loops compete for the cores (max |Δ| {TensorAsserts.MaxDifference(weight, busy[name]):E1})");
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Runs `work` while one spinning thread per core (at least two) competes with libtorch's threads for the CPU.
    private static T WhileBusyLoopsSpin<T>(Func<T> work)
    {
        using var stop = new CancellationTokenSource();
        var spinners = Enumerable.Range(0, Math.Max(2, Environment.ProcessorCount)).Select(_ => new Thread(() =>
        {
            double x = 1;
            while (!stop.IsCancellationRequested)
                x = Math.Sqrt(x + 1);   // pure CPU work, no allocation
            GC.KeepAlive(x);
        }) { IsBackground = true }).ToList();
        spinners.ForEach(t => t.Start());
        try
        {
            return work();
        }
        finally
        {
            stop.Cancel();
            spinners.ForEach(t => t.Join());
        }
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
