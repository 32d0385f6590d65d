using LlmCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.FaultInjection;

/// <summary>NaN at each stage of training: in the inputs, in the loss, in the learning rate; each stops with the truth.</summary>
[Collection("Sequential")]
public sealed class TrainingFaultTests
{
    private static (nn.Module<Tensor, Tensor> Model, Tensor X, Tensor Y) TinyProblem()
    {
        random.manual_seed(0);
        return (nn.Linear(4, 3), randn(16, 4), randint(0, 3, [16]));
    }

    private static Tensor Weights(nn.Module<Tensor, Tensor> model) => ((TorchSharp.Modules.Linear)model).weight!.detach().clone();

    [Fact]
    public void NaNInTheInputs_StopsBeforeTheUpdate_AndTheWeightsStayFinite()
    {
        var (model, x, y) = TinyProblem();
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        var before = Weights(model);
        var poisoned = x.clone();
        poisoned[3, 1] = float.NaN;

        var error = Assert.Throws<TrainingDivergedException>(() => TrainingLoop.Run(model, _ => (poisoned, y), optimizer, steps: 5));

        Assert.Equal(0, error.Step);
        Assert.True(double.IsNaN(error.Loss));
        Assert.True(Weights(model).eq(before).all().item<bool>(), "the parameters were left as they were, as the message says");
        Assert.Contains("The parameters were left as they were before this step", error.Message);
    }

    [Fact]
    public void NaNLearningRateFromASchedule_IsNamedAsSuch_BeforeItTouchesAParameter()
    {
        var (model, x, y) = TinyProblem();
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        var options = new TrainingOptions { LearningRate = step => step < 3 ? 0.1 : double.NaN };   // a schedule that breaks at step 3

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TrainingLoop.Run(model, _ => (x, y), optimizer, steps: 6, options));

        Assert.Contains("The learning-rate schedule (TrainingOptions.LearningRate) gave NaN for step 3", error.Message);
        Assert.Contains("the parameters are as step 2 left them", error.Message);
        Assert.DoesNotContain("too high", error.Message);
        Assert.True(((TorchSharp.Modules.Linear)model).weight!.isfinite().all().item<bool>(), "no NaN rate reached the parameters");
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-1e-3)]
    public void NonFiniteOrNegativeLearningRate_IsRefused(double rate)
    {
        var (model, x, y) = TinyProblem();
        using var optimizer = optim.SGD(model.parameters(), 0.1);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            TrainingLoop.Run(model, _ => (x, y), optimizer, steps: 2, new TrainingOptions { LearningRate = _ => rate }));

        Assert.Contains("for step 0", error.Message);
    }

    [Fact]
    public void InfiniteLoss_StopsTraining()
    {
        var (model, x, y) = TinyProblem();
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        var options = new TrainingOptions { LossFunction = (logits, _) => logits.sum() * float.PositiveInfinity };

        var error = Assert.Throws<TrainingDivergedException>(() => TrainingLoop.Run(model, _ => (x, y), optimizer, steps: 3, options));

        Assert.True(double.IsInfinity(error.Loss) || double.IsNaN(error.Loss));
    }
}
