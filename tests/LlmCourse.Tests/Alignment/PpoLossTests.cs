using LlmCourse.Alignment;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Alignment;

[Collection("Sequential")]
public sealed class PpoLossTests
{
    private static readonly float[] Ratios = [0.5f, 0.85f, 1.0f, 1.15f, 1.5f];   // ε = 0.2: only 0.5 and 1.5 lie outside [0.8, 1.2]

    private static (Tensor Loss, double ClipFraction, float[] Gradient) Run(float advantage)
    {
        var logProbs = tensor(Ratios.Select(r => MathF.Log(r)).ToArray(), requires_grad: true);
        var (loss, clipFraction, _) = PpoLoss.Policy(logProbs, zeros(5), full(5, advantage), ones(5), clipRange: 0.2);
        loss.backward();
        return (loss, clipFraction, logProbs.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Policy_PositiveAdvantage_ClipsOnlyWhereTheRatioRisesAboveOnePlusEpsilon()
    {
        var (loss, clipFraction, gradient) = Run(1f);
        // min(ρ, clip(ρ)) = 0.5, 0.85, 1, 1.15, 1.2 → mean 0.94; the loss is its negative.
        Assert.Equal(-0.94f, loss.item<float>(), 5);
        Assert.Equal(0.2, clipFraction, 6);
        Assert.Equal(0f, gradient[4]);                                   // 1.5 > 1.2: clipped, no gradient
        Assert.All(gradient[..4], g => Assert.True(g < 0));               // the rest still push their probability up
    }

    [Fact]
    public void Policy_NegativeAdvantage_ClipsOnlyWhereTheRatioFallsBelowOneMinusEpsilon()
    {
        var (loss, clipFraction, gradient) = Run(-1f);
        // min(−ρ, −clip(ρ)) = −0.8, −0.85, −1, −1.15, −1.5 → mean −1.06; loss 1.06.
        Assert.Equal(1.06f, loss.item<float>(), 5);
        Assert.Equal(0.2, clipFraction, 6);
        Assert.Equal(0f, gradient[0]);                                   // 0.5 < 0.8: clipped
        Assert.All(gradient[1..], g => Assert.True(g > 0));               // 1.5 is outside the range but on the unclipped side
    }

    [Fact]
    public void Policy_MaskedTokens_DoNotCount()
    {
        var logProbs = tensor(new[] { 0f, MathF.Log(3f) });
        var (loss, clipFraction, _) = PpoLoss.Policy(logProbs, zeros(2), ones(2), tensor(new[] { 1f, 0f }), 0.2);
        Assert.Equal(-1f, loss.item<float>(), 6);
        Assert.Equal(0.0, clipFraction);
    }

    [Fact]
    public void Value_ClipsHowFarAValueMoves()
    {
        // Old value 0, target 1, new value 0.5 with clip 0.2: max((0.5−1)², (0.2−1)²) = 0.64, halved 0.32.
        var loss = PpoLoss.Value(tensor(new[] { 0.5f }), zeros(1), ones(1), ones(1), 0.2);
        Assert.Equal(0.32f, loss.item<float>(), 5);
    }

    [Fact]
    public void Whiten_GivesMeanZeroAndUnitVarianceOverTheMask()
    {
        var x = Whiten(tensor(new[] { 1f, 2f, 3f, 100f }), tensor(new[] { 1f, 1f, 1f, 0f }));
        Assert.Equal(new[] { -1.224745f, 0f, 1.224745f, 0f }, x, new FloatTolerance(1e-4f));
    }

    private static float[] Whiten(Tensor x, Tensor mask) => PpoLoss.Whiten(x, mask).data<float>().ToArray();

    private sealed class FloatTolerance(float epsilon) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => MathF.Abs(x - y) <= epsilon;

        public int GetHashCode(float obj) => 0;
    }
}
