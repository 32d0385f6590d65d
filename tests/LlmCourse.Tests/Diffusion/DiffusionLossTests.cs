using LlmCourse.Diffusion;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Diffusion;

[Collection("Sequential")]
public sealed class DiffusionLossTests
{
    private static double Ce(double[] z, int y) => Math.Log(z.Sum(Math.Exp)) - z[y];

    // Two sequences of three positions over four tokens; sequence 0 at p = 0.5, sequence 1 at p = 0.25.
    private static readonly Tensor Logits = tensor(new float[] { 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 3, 0, 1, 1, 1, 1, 0, 0, 0, 2, 0, 2, 0, 0 }).reshape(2, 3, 4);
    private static readonly Tensor Targets = tensor(new long[] { 0, 2, 2, 3, 3, 1 }).reshape(2, 3);
    private static readonly Tensor Masked = tensor(new[] { true, true, false, false, true, true }).reshape(2, 3);
    private static readonly Tensor P = tensor(new float[] { 0.5f, 0.5f, 0.5f, 0.25f, 0.25f, 0.25f }).reshape(2, 3);

    [Fact]
    public void Pretraining_HandComputedCase_SumOfCeOverPDividedByAllPositions()
    {
        double expected = (Ce([2, 0, 0, 0], 0) / 0.5 + Ce([0, 1, 0, 0], 2) / 0.5 + Ce([0, 0, 0, 2], 3) / 0.25 + Ce([0, 2, 0, 0], 1) / 0.25) / 6;

        Assert.Equal(expected, DiffusionLoss.Pretraining(Logits, Targets, Masked, P).item<float>(), 5);
    }

    [Fact]
    public void Pretraining_FullBatchPositions_DividesByThemInstead_AndRefusesFewerThanTheBatchHas()
    {
        double sum = Ce([2, 0, 0, 0], 0) / 0.5 + Ce([0, 1, 0, 0], 2) / 0.5 + Ce([0, 0, 0, 2], 3) / 0.25 + Ce([0, 2, 0, 0], 1) / 0.25;

        Assert.Equal(sum / 16, DiffusionLoss.Pretraining(Logits, Targets, Masked, P, positions: 16).item<float>(), 5);   // a cut batch of a block of 8
        Assert.Throws<ArgumentOutOfRangeException>(() => DiffusionLoss.Pretraining(Logits, Targets, Masked, P, positions: 5));
    }

    [Fact]
    public void PerSequence_HandComputedCase_EachRowOverItsLength()
    {
        var rows = DiffusionLoss.PerSequence(Logits, Targets, Masked, P).data<float>().ToArray();

        Assert.Equal((Ce([2, 0, 0, 0], 0) + Ce([0, 1, 0, 0], 2)) / 0.5 / 3, rows[0], 5);
        Assert.Equal((Ce([0, 0, 0, 2], 3) + Ce([0, 2, 0, 0], 1)) / 0.25 / 3, rows[1], 5);
    }

    [Fact]
    public void Sft_HandComputedCase_NormalisedByAnswerLength()
    {
        var answerLengths = tensor(new long[] { 2, 3 });   // prompts of 1 and 0 tokens
        double row0 = (Ce([2, 0, 0, 0], 0) + Ce([0, 1, 0, 0], 2)) / 0.5 / 2;
        double row1 = (Ce([0, 0, 0, 2], 3) + Ce([0, 2, 0, 0], 1)) / 0.25 / 3;

        Assert.Equal((row0 + row1) / 2, DiffusionLoss.Sft(Logits, Targets, Masked, P, answerLengths).item<float>(), 5);
        Assert.Throws<ArgumentException>(() => DiffusionLoss.Sft(Logits, Targets, Masked, P, tensor(new long[] { 0, 3 })));
    }

    [Fact]
    public void TokenLosses_NaNLogitsOrBadShapes_Throw()
    {
        var bad = Logits.clone();
        bad[0, 0, 0] = tensor(float.NaN);
        Assert.Throws<InvalidOperationException>(() => DiffusionLoss.Pretraining(bad, Targets, Masked, P));
        Assert.Throws<ArgumentException>(() => DiffusionLoss.Pretraining(Logits, Targets[.., ..2], Masked, P));
    }
}
