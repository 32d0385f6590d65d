using LlmCourse.Training;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Tests.Training;

[Collection("Sequential")]
public sealed class EvaluationTests
{
    [Fact]
    public void MeanLoss_InUnevenChunks_EqualsTheLossOfTheWholeSet()
    {
        random.manual_seed(0);
        var model = nn.Linear(4, 5);
        var x = randn(10, 4);
        var y = randint(0, 5, [10]);
        double whole;
        using (no_grad())
            whole = F.cross_entropy(model.call(x), y).item<float>();

        double chunked = Evaluation.MeanLoss(model, x, y, chunkSize: 3);       // chunks of 3, 3, 3 and 1

        Assert.Equal(whole, chunked, 5);
    }

    [Fact]
    public void CrossEntropy_SequenceLogits_EqualsTheFlattenedLoss()
    {
        random.manual_seed(0);
        var logits = randn(2, 3, 5);          // (B, T, V)
        var targets = randint(0, 5, [2, 3]);  // (B, T)

        var loss = Loss.CrossEntropy(logits, targets).item<float>();
        var flat = F.cross_entropy(logits.reshape(6, 5), targets.reshape(6)).item<float>();

        Assert.Equal(flat, loss, 6);
    }
}
