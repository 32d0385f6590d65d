using LlmCourse.Diffusion;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Tests.Diffusion;

[Collection("Sequential")]
public sealed class AutoregressiveSftTests
{
    [Fact]
    public void Loss_HandComputedCase_OnlyAnswerTokensEachRowOverItsLength()
    {
        var logits = randn(2, 5, 6, generator: new TorchSharp.torch.Generator(seed: 1));
        var ids = tensor(new long[] { 1, 2, 3, 4, 5, 1, 2, 3, 4, 0 }).reshape(2, 5);
        var prompts = tensor(new long[] { 2, 3 });
        var answers = tensor(new long[] { 3, 1 });
        double Ce(int b, int position) =>   // the prediction made at position for ids[b, position + 1]
            F.cross_entropy(logits[b, position].unsqueeze(0), ids[b, position + 1].unsqueeze(0)).item<float>();

        double row0 = (Ce(0, 1) + Ce(0, 2) + Ce(0, 3)) / 3;   // answer ids at 2, 3, 4
        double row1 = Ce(1, 2);                               // answer id at 3 only; 4 is padding
        Assert.Equal((row0 + row1) / 2, AutoregressiveSft.Loss(logits, ids, prompts, answers).item<float>(), 5);
    }
}
