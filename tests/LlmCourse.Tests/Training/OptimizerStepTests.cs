using LlmCourse.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Training;

[Collection("Sequential")]
public sealed class OptimizerStepTests
{
    private static (Linear Model, Tensor X, Tensor Y) TinyProblem()
    {
        random.manual_seed(0);
        var x = randn(16, 4);
        var y = randint(0, 3, [16]);
        return (nn.Linear(4, 3), x, y);
    }

    private static Tensor Loss(Linear model, Tensor x, Tensor y) => nn.functional.cross_entropy(model.call(x), y);

    [Fact]
    public void Take_IsZeroGradBackwardClipStep_BitForBit()
    {
        var (byHelper, x, y) = TinyProblem();
        var (byHand, _, _) = TinyProblem();
        using var helperOptimizer = optim.AdamW(byHelper.parameters(), 0.1);
        using var handOptimizer = optim.AdamW(byHand.parameters(), 0.1);

        for (int step = 0; step < 3; step++)                  // several steps: gradients must not pile up between them
        {
            double value = OptimizerStep.Take(helperOptimizer, Loss(byHelper, x, y), step, byHelper.parameters(), maxGradientNorm: 0.05);

            var loss = Loss(byHand, x, y);
            Assert.Equal(loss.item<float>(), value);
            handOptimizer.zero_grad();
            loss.backward();
            nn.utils.clip_grad_norm_(byHand.parameters(), 0.05);
            handOptimizer.step();
        }

        Assert.True(byHelper.weight.equal(byHand.weight).all().item<bool>());
        Assert.True(byHelper.bias!.equal(byHand.bias!).all().item<bool>());
    }

    [Fact]
    public void Take_Clip_BoundsTheGradientNorm()
    {
        var (model, x, y) = TinyProblem();
        using var optimizer = optim.SGD(model.parameters(), 1.0);
        var before = model.weight.detach().clone();

        OptimizerStep.Take(optimizer, Loss(model, x, y) * 1000, step: 0, model.parameters(), maxGradientNorm: 1e-3);

        // SGD at rate 1 moves the weights by exactly the (clipped) gradient.
        Assert.InRange((model.weight.detach() - before).norm().item<float>(), 1e-4, 1.0001e-3);
    }

    [Fact]
    public void Take_NaNLoss_ThrowsBeforeAnyGradientOrWeightChanges()
    {
        var (model, x, y) = TinyProblem();
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        var before = model.weight.detach().clone();

        var error = Assert.Throws<TrainingDivergedException>(() => OptimizerStep.Take(optimizer, Loss(model, x, y) * float.NaN, step: 7));

        Assert.Equal(7, error.Step);
        Assert.Contains("step 7", error.Message, StringComparison.Ordinal);
        Assert.True(model.weight.grad is null || model.weight.grad.abs().sum().item<float>() == 0);
        Assert.True(model.weight.equal(before).all().item<bool>());
    }

    [Fact]
    public void Take_BadArguments_SayWhatIsWrong()
    {
        var (model, x, y) = TinyProblem();
        using var optimizer = optim.SGD(model.parameters(), 0.1);

        Assert.Contains("single number", Assert.Throws<ArgumentException>(() =>
            OptimizerStep.Take(optimizer, nn.functional.cross_entropy(model.call(x), y, reduction: nn.Reduction.None), 0)).Message, StringComparison.Ordinal);
        Assert.Contains("parameters", Assert.Throws<ArgumentException>(() =>
            OptimizerStep.Take(optimizer, Loss(model, x, y), 0, clipped: null, maxGradientNorm: 1.0)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => OptimizerStep.Take(optimizer, Loss(model, x, y), 0, model.parameters(), maxGradientNorm: 0));
    }
}
