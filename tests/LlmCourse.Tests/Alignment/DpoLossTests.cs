using LlmCourse.Alignment;
using LlmCourse.Arithmetic;
using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Alignment;

[Collection("Sequential")]
public sealed class DpoLossTests
{
    [Fact]
    public void Compute_PolicyEqualsReference_IsLogTwo()
    {
        var chosen = tensor(new float[] { -3f, -10f, -0.5f });
        var rejected = tensor(new float[] { -2f, -12f, -7f });

        var (loss, rc, rr, _) = DpoLoss.Compute(chosen, rejected, chosen, rejected, beta: 0.1);

        Assert.Equal(Math.Log(2), loss.item<float>(), 5);
        Assert.Equal(0f, rc.abs().max().item<float>());
        Assert.Equal(0f, rr.abs().max().item<float>());
    }

    [Fact]
    public void Compute_HandCase()
    {
        // β = 0.5: r_w = 0.5·(−1 − (−2)) = 0.5, r_l = 0.5·(−3 − (−2)) = −0.5, loss = −log σ(1) = log(1 + e^−1).
        // Second pair the other way round: r_w = −0.5, r_l = 0.5, loss = log(1 + e).
        var (loss, rc, rr, accuracy) = DpoLoss.Compute(
            tensor(new float[] { -1f, -3f }), tensor(new float[] { -3f, -1f }),
            tensor(new float[] { -2f, -2f }), tensor(new float[] { -2f, -2f }), beta: 0.5);

        Assert.Equal((Math.Log(1 + Math.Exp(-1)) + Math.Log(1 + Math.E)) / 2, loss.item<float>(), 5);
        Assert.Equal([0.5f, -0.5f], rc.data<float>().ToArray());
        Assert.Equal([-0.5f, 0.5f], rr.data<float>().ToArray());
        Assert.Equal(0.5, accuracy);
    }

    [Fact]
    public void Compute_NonPositiveBeta_Throws()
    {
        var x = zeros(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => DpoLoss.Compute(x, x, x, x, beta: 0));
    }

    [Fact]
    public void SequenceLogProbs_SumsTheResponseTokensOnly()
    {
        random.manual_seed(2);
        var model = new GptModel(GptConfig.Nano(ArithmeticWorld.Tokenizer.Size) with { BlockSize = 64 });
        model.eval();
        var pairs = ArithmeticPreferences.Generate(3, 9, heldOut: false, seed: 4);
        var (ids, mask) = DpoBatch.Build(ArithmeticWorld.Tokenizer, pairs, ArithmeticWorld.EndOfText);
        var batched = DpoBatch.SequenceLogProbs(model.call, ids, mask).data<float>().ToArray();

        var texts = pairs.Select(p => (p.Prompt, p.Chosen)).Concat(pairs.Select(p => (p.Prompt, p.Rejected))).ToList();
        for (int b = 0; b < texts.Count; b++)
        {
            var (prompt, response) = texts[b];
            var one = tensor(ArithmeticWorld.Tokenizer.Encode(prompt + response)).unsqueeze(0);   // (1, P + R), no padding
            float expected = Rollouts.ResponseLogProbs(model.call, one, prompt.Length).sum().item<float>();
            Assert.Equal(expected, batched[b], 3);
        }
    }

    [Fact]
    public void Build_ChosenThenRejected_PaddedWithNewline_MaskOnResponseTargets()
    {
        var pairs = ArithmeticPreferences.Generate(2, 9, heldOut: false, seed: 5);
        var (ids, mask) = DpoBatch.Build(ArithmeticWorld.Tokenizer, pairs, ArithmeticWorld.EndOfText);

        var rows = pairs.Select(p => (p.Prompt, Response: p.Chosen)).Concat(pairs.Select(p => (p.Prompt, Response: p.Rejected))).ToList();
        int width = rows.Max(r => r.Prompt.Length + r.Response.Length);
        Assert.Equal(new long[] { 4, width }, ids.shape);
        Assert.Equal(new long[] { 4, width - 1 }, mask.shape);
        for (int b = 0; b < 4; b++)
        {
            var full = ArithmeticWorld.Tokenizer.Encode(rows[b].Prompt + rows[b].Response);
            var expectedIds = Enumerable.Range(0, width).Select(t => t < full.Length ? full[t] : ArithmeticWorld.EndOfText).ToArray();
            var expectedMask = Enumerable.Range(0, width - 1)
                .Select(t => t + 1 >= rows[b].Prompt.Length && t + 1 < full.Length ? 1f : 0f).ToArray();   // position t predicts token t + 1
            Assert.Equal(expectedIds, ids[b].data<long>().ToArray());
            Assert.Equal(expectedMask, mask[b].data<float>().ToArray());
        }
    }
}
