using LlmCourse.FineTuning;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Tests.FineTuning;

[Collection("Sequential")]
public sealed class SftLossTests
{
    [Fact]
    public void Compute_AveragesOverTheKeptPositionsOnly()
    {
        random.manual_seed(1);
        var logits = randn(2, 3, 5);
        var targets = tensor(new long[,] { { -100, 4, 1 }, { -100, -100, 2 } });
        var logProbs = F.log_softmax(logits, -1);
        // By hand: −(log p[0,1,4] + log p[0,2,1] + log p[1,2,2]) / 3.
        double expected = -(logProbs[0, 1, 4].item<float>() + logProbs[0, 2, 1].item<float>() + logProbs[1, 2, 2].item<float>()) / 3;

        Assert.Equal(expected, SftLoss.Compute(logits, targets).item<float>(), 5);
    }

    [Fact]
    public void Compute_AllTargetsIgnored_SaysThereIsNothingToLearn()
    {
        var error = Assert.Throws<ArgumentException>(() => SftLoss.Compute(zeros(1, 2, 3), full(1, 2, -100L)));
        Assert.Contains("no response tokens", error.Message, StringComparison.Ordinal);
    }
}
