using LlmCourse.Diffusion;
using LlmCourse.Gpt;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Diffusion;

[Collection("Sequential")]
public sealed class RotaryTransformerTests
{
    private static GptConfig Small(int blockSize = 8) => new(VocabSize: 12, BlockSize: blockSize, NLayer: 2, NHead: 2, NEmbd: 16);

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void ParameterCount_CausalAndBidirectional_Equal_AndGptMinusItsPositionTable(bool bias, bool tie)
    {
        var config = new GptConfig(VocabSize: 30, BlockSize: 16, NLayer: 2, NHead: 2, NEmbd: 24, Bias: bias, TieEmbeddings: tie);

        using var bidirectional = new RotaryTransformer(config, causal: false);
        using var causal = new RotaryTransformer(config, causal: true);
        using var gpt = new GptModel(config);

        Assert.Equal(bidirectional.ParameterCount(), causal.ParameterCount());
        Assert.Equal(gpt.ParameterCount() - 16 * 24, bidirectional.ParameterCount());   // GPT's wpe (BlockSize, C) is the only difference
    }

    [Fact]
    public void Forward_Bidirectional_LaterTokenChangesEarlierLogits_CausalDoesNot()
    {
        var a = tensor(new long[] { 1, 2, 3, 4, 5 }).unsqueeze(0);
        var b = tensor(new long[] { 1, 2, 3, 4, 9 }).unsqueeze(0);
        torch.manual_seed(1);
        using var bidirectional = new RotaryTransformer(Small(), causal: false);
        torch.manual_seed(1);
        using var causal = new RotaryTransformer(Small(), causal: true);
        bidirectional.eval();
        causal.eval();

        var la = bidirectional.call(a);
        Assert.Equal(new long[] { 1, 5, 12 }, la.shape);
        Assert.False(la[0, 0].allclose(bidirectional.call(b)[0, 0]));                   // position 0 sees position 4
        Assert.True(causal.call(a)[0, ..4].allclose(causal.call(b)[0, ..4], 1e-6, 1e-6));   // positions 0-3 do not
        Assert.False(causal.call(a)[0, 4].allclose(causal.call(b)[0, 4]));
    }

    [Fact]
    public void Forward_SameTokensDifferentOrder_DifferentLogits_PositionsAreEncoded()
    {
        torch.manual_seed(2);
        using var model = new RotaryTransformer(Small(), causal: false);
        model.eval();
        // Without any position signal a bidirectional model would give position 0 of "1 2 3" and of "1 3 2" the same logits.
        var l1 = model.call(tensor(new long[] { 1, 2, 3 }).unsqueeze(0));
        var l2 = model.call(tensor(new long[] { 1, 3, 2 }).unsqueeze(0));
        Assert.False(l1[0, 0].allclose(l2[0, 0], 1e-6, 1e-6));
    }

    [Fact]
    public void Forward_TooLong_Throws()
    {
        using var model = new RotaryTransformer(Small(blockSize: 4), causal: false);
        Assert.Throws<ArgumentException>(() => model.call(zeros(1, 5, dtype: ScalarType.Int64)));
    }

    [Fact]
    public void Greedy_Causal_MatchesStepByStepArgmax_AndStopsAtStopId()
    {
        torch.manual_seed(3);
        using var model = new RotaryTransformer(Small(blockSize: 12), causal: true);
        model.eval();
        long[] prompt = [1, 2, 3];

        var answer = model.Greedy(prompt, maxTokens: 5);

        var sequence = prompt.ToList();
        for (int i = 0; i < 5; i++)
            sequence.Add(model.call(tensor(sequence.ToArray()).unsqueeze(0))[0, -1].argmax().item<long>());
        Assert.Equal(sequence.Skip(3).ToArray(), answer);
        var stopped = model.Greedy(prompt, maxTokens: 5, stopId: answer[1]);
        Assert.Equal(answer.Take(Array.IndexOf(answer, answer[1]) + 1).ToArray(), stopped);
    }

    [Fact]
    public void Greedy_Bidirectional_Throws()
    {
        using var model = new RotaryTransformer(Small(), causal: false);
        Assert.Throws<InvalidOperationException>(() => model.Greedy([1, 2], 3));
    }
}
