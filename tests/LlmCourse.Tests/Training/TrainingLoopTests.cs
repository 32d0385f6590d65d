using LlmCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Training;

[Collection("Sequential")]
public sealed class TrainingLoopTests
{
    // A 4 -> 3 classifier on a fixed batch: small enough that every test runs in milliseconds.
    private static (nn.Module<Tensor, Tensor> Model, Tensor X, Tensor Y) TinyProblem()
    {
        random.manual_seed(0);
        var x = randn(16, 4);
        var y = randint(0, 3, [16]);
        return (nn.Linear(4, 3), x, y);
    }

    [Fact]
    public void Run_FixedBatch_LossFallsAndEveryStepIsRecorded()
    {
        var (model, x, y) = TinyProblem();
        using var optimizer = optim.SGD(model.parameters(), 0.5);

        var history = TrainingLoop.Run(model, _ => (x, y), optimizer, steps: 50);

        Assert.Equal(50, history.Losses.Count);
        Assert.True(history.Losses[^1] < history.Losses[0] * 0.8, $"{history.Losses[0]} -> {history.Losses[^1]}");
        Assert.True(history.MillisecondsPerStep > 0);
    }

    [Fact]
    public void Run_Float64Model_RecordsItsLosses()
    {
        var (model, x, y) = TinyProblem();
        model.to(ScalarType.Float64);
        var x64 = x.to(ScalarType.Float64);
        using var optimizer = optim.SGD(model.parameters(), 0.5);

        var history = TrainingLoop.Run(model, _ => (x64, y), optimizer, steps: 5);

        Assert.Equal(5, history.Losses.Count);
        Assert.Equal(history.Losses[^1], Evaluation.MeanLoss(model, x64, y), 1);   // one more step apart: close, not equal
    }

    [Fact]
    public void Run_NaNLoss_ThrowsNamingTheStepAndLeavesTheParametersFinite()
    {
        var (model, x, y) = TinyProblem();
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        var poisoned = x.clone();
        poisoned[0, 0] = tensor(float.NaN);

        var error = Assert.Throws<TrainingDivergedException>(() =>
            TrainingLoop.Run(model, step => step == 3 ? (poisoned, y) : (x, y), optimizer, steps: 10));

        Assert.Equal(3, error.Step);
        Assert.True(double.IsNaN(error.Loss));
        Assert.Contains("step 3", error.Message);
        Assert.Contains("learning rate", error.Message);
        Assert.All(model.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
    }

    [Fact]
    public void Run_ReportEveryZero_ThrowsSayingHowToWriteIt()
    {
        var (model, x, y) = TinyProblem();
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        var options = new TrainingOptions { Report = _ => { }, ReportEvery = 2 / 20 };   // a share of a 2-step run rounds to 0

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TrainingLoop.Run(model, _ => (x, y), optimizer, 2, options));

        Assert.Contains("Math.Max(1,", error.Message);
    }

    [Fact]
    public void Run_InfiniteLoss_Throws()
    {
        var (model, x, y) = TinyProblem();
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        var options = new TrainingOptions { LossFunction = (output, _) => output.sum() / 0.0 };

        var error = Assert.Throws<TrainingDivergedException>(() => TrainingLoop.Run(model, _ => (x, y), optimizer, 5, options));

        Assert.Equal(0, error.Step);
        Assert.True(double.IsInfinity(error.Loss));
    }

    [Fact]
    public void Run_Schedule_SetsTheLearningRateOfEveryStep()
    {
        var (model, x, y) = TinyProblem();
        using var optimizer = optim.SGD(model.parameters(), 1.0);
        var options = new TrainingOptions { LearningRate = step => step < 5 ? 0.1 : 0.01 };

        var history = TrainingLoop.Run(model, _ => (x, y), optimizer, 8, options);

        Assert.Equal([0.1, 0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01], history.LearningRates);
        Assert.Equal(0.01, optimizer.ParamGroups.First().LearningRate);
    }

    [Fact]
    public void Run_EvaluateEveryFour_EvaluatesAtFourEightAndTheLastStepInEvalMode()
    {
        var (model, x, y) = TinyProblem();
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        var modes = new List<bool>();
        var reports = new List<TrainingProgress>();
        var options = new TrainingOptions
        {
            Evaluate = () => { modes.Add(model.training); return Evaluation.MeanLoss(model, x, y); },
            EvaluateEvery = 4,
            Report = reports.Add,
            ReportEvery = 5,
        };

        var history = TrainingLoop.Run(model, _ => (x, y), optimizer, 10, options);

        Assert.Equal([4, 8, 10], history.DevLosses.Select(d => d.Step));
        Assert.All(modes, training => Assert.False(training));
        Assert.True(model.training);
        Assert.Equal([5, 10], reports.Select(r => r.Step));
        Assert.Equal(history.Losses.Skip(5).Average(), reports[1].RecentLoss, 9);
        Assert.Equal(history.DevLosses[^1].Loss, reports[1].DevLoss);
    }

    [Fact]
    public void Run_ManySteps_LeavesNoTensorsBehind()
    {
        var (model, x, y) = TinyProblem();
        using var optimizer = optim.Adam(model.parameters(), 0.01);
        var batches = MiniBatches.Random(x, y, batchSize: 4, seed: 1);
        TrainingLoop.Run(model, batches, optimizer, 5);                    // let Adam create its state first
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        TrainingLoop.Run(model, batches, optimizer, 100);

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Run_GradientClipping_KeepsTheUpdateSmall()
    {
        var (model, x, y) = TinyProblem();
        var before = model.parameters().Select(p => p.detach().clone()).ToArray();
        using var optimizer = optim.SGD(model.parameters(), 1.0);
        var options = new TrainingOptions { MaxGradientNorm = 1e-3 };

        TrainingLoop.Run(model, _ => (x, y), optimizer, 1, options);

        // With lr 1 the step is the clipped gradient itself, whose total norm is at most 1e-3.
        double moved = Math.Sqrt(model.parameters().Zip(before, (p, b) => (p - b).pow(2).sum().item<float>()).Sum());
        Assert.True(moved <= 1.001e-3, $"moved {moved}");
    }
}
