using LlmCourse.Alignment;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Alignment;

[Collection("Sequential")]
public sealed class BradleyTerryTests
{
    [Fact]
    public void Loss_OnePair_IsLogOnePlusExpMinusMargin_WithGradientMinusSigmoidOfMinusMargin()
    {
        var chosen = tensor(new[] { 2.0f }, requires_grad: true);
        var rejected = tensor(new[] { 1.0f }, requires_grad: true);
        var loss = BradleyTerry.Loss(chosen, rejected);
        loss.backward();
        // d = 1: loss = log(1 + e^-1) = 0.313262; ∂/∂r_chosen = −σ(−1) = −0.268941, ∂/∂r_rejected = +0.268941.
        Assert.Equal(0.313262, loss.item<float>(), 5);
        Assert.Equal(-0.268941, chosen.grad!.item<float>(), 5);
        Assert.Equal(0.268941, rejected.grad!.item<float>(), 5);
        Assert.Equal(0.313262, BradleyTerry.Loss(2.0, 1.0), 6);
    }

    [Fact]
    public void Loss_IsTheMeanOverPairs_AndStaysFiniteForHugeMargins()
    {
        var loss = BradleyTerry.Loss(tensor(new[] { 0f, -200f }), tensor(new[] { 0f, 0f })).item<float>();
        // Pair 1: log 2; pair 2: d = −200, loss ≈ 200 (log σ(−200) underflows if computed naively).
        Assert.Equal((Math.Log(2) + 200) / 2, loss, 3);
        Assert.Equal(200, BradleyTerry.Loss(-100.0, 100.0), 6);
    }

    [Fact]
    public void Accuracy_CountsPairsWhereChosenScoresHigher()
    {
        double accuracy = BradleyTerry.Accuracy(tensor(new[] { 1f, 0f, 3f, 2f }), tensor(new[] { 0f, 1f, 2f, 2f }));
        Assert.Equal(0.5, accuracy, 6);   // ties count as wrong
    }

    [Fact]
    public void Loss_MismatchedShapes_Throws() =>
        Assert.Throws<ArgumentException>(() => BradleyTerry.Loss(zeros(3), zeros(2)));
}
