using LlmCourse.Attention;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Attention;

[Collection("Sequential")]
public sealed class MultiHeadAttentionTests
{
    private static double MaxDifference(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    private static MultiHeadAttention Build(bool causal = false, int? contextDim = null)
    {
        random.manual_seed(0);
        var attention = new MultiHeadAttention(8, 2, causal: causal, contextDim: contextDim);
        attention.eval();
        return attention;
    }

    [Fact]
    public void Forward_CrossAttention_QueriesFromOneSequenceKeysFromAnother()
    {
        var attention = Build(contextDim: 6);

        var (y, weights) = attention.ForwardWithWeights(randn(2, 3, 8), randn(2, 7, 6));

        Assert.Equal(new long[] { 2, 3, 8 }, y.shape);
        Assert.Equal(new long[] { 2, 2, 3, 7 }, weights.shape);       // (B, nh, Tq, Tk)
        Assert.Equal(["q_proj.weight", "q_proj.bias", "k_proj.weight", "k_proj.bias", "v_proj.weight", "v_proj.bias", "out_proj.weight", "out_proj.bias"],
            attention.state_dict().Keys);
    }

    [Fact]
    public void Forward_KeyMask_PaddedKeysChangeNothingAndGetZeroWeight()
    {
        var attention = Build();
        var x = randn(2, 3, 8);
        var context = randn(2, 5, 8);
        var keyMask = tensor(new long[,] { { 1, 1, 1, 0, 0 }, { 1, 1, 1, 1, 1 } });   // row 0: the last two keys are padding
        var repadded = context.clone();
        repadded[0, 3..] = randn(2, 8) * 50;

        var y = attention.Forward(x, context, keyMask);
        var (yRepadded, weights) = attention.ForwardWithWeights(x, repadded, keyMask);
        var unpadded = attention.Forward(x[..1], context[..1, ..3], null);              // row 0 with the padding cut off

        Assert.True(MaxDifference(y, yRepadded) < 1e-5);
        Assert.Equal(0f, weights[0, .., .., 3..].abs().sum().item<float>());
        Assert.True(MaxDifference(y[..1], unpadded) < 1e-5);
    }

    [Fact]
    public void ForwardWithWeights_WrittenOut_EqualsTheFusedForward()
    {
        var attention = Build(causal: true);
        var x = randn(3, 6, 8);

        var (y, weights) = attention.ForwardWithWeights(x, x);

        Assert.True(MaxDifference(y, attention.call(x, x)) < 1e-5);
        Assert.Equal(0f, weights.triu(1).abs().sum().item<float>());
    }

    [Fact]
    public void Forward_WithoutMask_PermutingTheInputPermutesTheOutput()
    {
        var attention = Build();
        var x = randn(1, 5, 8);
        var order = tensor(new long[] { 4, 2, 0, 3, 1 });

        var y = attention.call(x, x);
        var shuffled = x.index_select(1, order);
        var yPermuted = attention.call(shuffled, shuffled);

        // Without positions or a mask, attention sees a set, not a sequence: it cannot tell the order.
        Assert.True(MaxDifference(yPermuted, y.index_select(1, order)) < 1e-5);
    }

    [Fact]
    public void Forward_CausalWithTqNotTk_ThrowsNamingBoth()
    {
        var error = Assert.Throws<ArgumentException>(() => Build(causal: true).call(randn(1, 3, 8), randn(1, 4, 8)));

        Assert.Contains("Tq = 3", error.Message);
    }

    [Fact]
    public void Forward_KeyMaskOfWrongLength_ThrowsNamingTheExpectedShape()
    {
        var error = Assert.Throws<ArgumentException>(() => Build().Forward(randn(2, 3, 8), randn(2, 5, 8), ones(2, 4)));

        Assert.Contains("(2, 5)", error.Message);
    }

    [Fact]
    public void AttentionDropout_Zero_OnlyTheOutputIsDropped()
    {
        random.manual_seed(0);
        var attention = new MultiHeadAttention(8, 2, dropout: 0.5, attentionDropout: 0.0);
        var x = randn(2, 5, 8);
        attention.eval();
        var clean = attention.forward(x, x);
        attention.train();
        var dropped = attention.forward(x, x);
        // Only the output's dropout acts: each value is 0 or twice the clean one (1 / (1 - 0.5)), never anything else.
        var zero = dropped.eq(0);
        Assert.True(zero.any().item<bool>());
        Assert.True(MaxDifference(dropped.masked_fill(zero, 0), (2 * clean).masked_fill(zero, 0)) < 1e-5);

        // With the attention weights dropped as well, the kept values are no longer twice the clean ones.
        random.manual_seed(0);
        var both = new MultiHeadAttention(8, 2, dropout: 0.5);
        both.eval();
        var bothClean = both.forward(x, x);
        both.train();
        var bothDropped = both.forward(x, x);
        var bothZero = bothDropped.eq(0);
        Assert.True(MaxDifference(bothDropped.masked_fill(bothZero, 0), (2 * bothClean).masked_fill(bothZero, 0)) > 1e-3);
    }

    [Fact]
    public void AttentionDropout_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultiHeadAttention(8, 2, attentionDropout: 1.0));
    }
}
