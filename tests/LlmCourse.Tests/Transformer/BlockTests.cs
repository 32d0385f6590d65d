using LlmCourse.Attention;
using LlmCourse.Tests.Attention;
using LlmCourse.Transformer;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Transformer;

[Collection("Sequential")]
public sealed class BlockTests
{
    private static Block Build(NormPlacement norm)
    {
        random.manual_seed(0);
        var block = new Block(12, 3, 16, norm: norm);
        block.eval();
        return block;
    }

    [Fact]
    public void StateDict_Gpt2Names()
    {
        Assert.Equal(
            ["ln_1.weight", "ln_1.bias", "attn.c_attn.weight", "attn.c_attn.bias", "attn.c_proj.weight", "attn.c_proj.bias",
             "ln_2.weight", "ln_2.bias", "mlp.c_fc.weight", "mlp.c_fc.bias", "mlp.c_proj.weight", "mlp.c_proj.bias"],
            Build(NormPlacement.PreNorm).state_dict().Keys);
    }

    [Fact]
    public void Forward_PreAndPostNorm_SameShapeButOnlyPostNormNormalisesTheOutput()
    {
        var x = randn(2, 5, 12) * 3;

        var pre = Build(NormPlacement.PreNorm).call(x);
        var post = Build(NormPlacement.PostNorm).call(x);

        Assert.Equal(new long[] { 2, 5, 12 }, pre.shape);
        Assert.Equal(new long[] { 2, 5, 12 }, post.shape);
        // Post-norm ends with a fresh LayerNorm (gain 1, shift 0): every position has variance 1; pre-norm's residual stream keeps x's scale.
        Assert.True((post.var([-1], unbiased: false) - 1).abs().max().item<float>() < 1e-3);
        Assert.True(pre.var([-1], unbiased: false).mean().item<float>() > 4);
    }

    [Fact]
    public void Forward_ChangingFutureTokens_LeavesEarlierOutputsBitIdentical()
    {
        var block = Build(NormPlacement.PreNorm);
        var x = randn(1, 8, 12);
        var changed = x.clone();
        changed[0, 5..] = randn(3, 12);

        Assert.True(TensorAsserts.Identical(block.call(x)[.., ..5], block.call(changed)[.., ..5]));
    }

    [Fact]
    public void ForwardCached_InTwoPieces_EqualsForward()
    {
        var block = Build(NormPlacement.PreNorm);
        var x = randn(2, 6, 12);
        using var cache = new KvCache(16);

        var pieced = cat([block.ForwardCached(x[.., ..4], cache), block.ForwardCached(x[.., 4..], cache)], 1);

        Assert.True(TensorAsserts.MaxDifference(pieced, block.call(x)) < 1e-5);
    }

    [Fact]
    public void ForwardWithWeights_SameOutputAsForward_AndCausalWeights()
    {
        var block = Build(NormPlacement.PostNorm);
        var x = randn(2, 6, 12);

        var (y, weights) = block.ForwardWithWeights(x);

        Assert.True(TensorAsserts.MaxDifference(y, block.call(x)) < 1e-5);
        Assert.Equal(new long[] { 2, 3, 6, 6 }, weights.shape);
        Assert.Equal(0f, weights.triu(1).abs().sum().item<float>());
    }
}
