using LlmCourse.Attention;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Tests.Attention;

[Collection("Sequential")]
public sealed class CausalSelfAttentionTests
{
    private static double MaxDifference(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    private static CausalSelfAttention Build(int seed = 0, int nEmbd = 12, int nHead = 3, int blockSize = 16)
    {
        random.manual_seed(seed);
        var attention = new CausalSelfAttention(nEmbd, nHead, blockSize);
        attention.eval();
        return attention;
    }

    [Fact]
    public void Forward_BatchOfSequences_KeepsTheShape()
    {
        var attention = Build();

        var y = attention.call(randn(2, 7, 12));

        Assert.Equal(new long[] { 2, 7, 12 }, y.shape);
    }

    [Fact]
    public void StateDict_Gpt2Names()
    {
        var attention = Build();

        Assert.Equal(["c_attn.weight", "c_attn.bias", "c_proj.weight", "c_proj.bias"], attention.state_dict().Keys);
        Assert.Equal(new long[] { 36, 12 }, attention.state_dict()["c_attn.weight"].shape);
    }

    [Fact]
    public void Forward_ChangingFutureTokens_LeavesEarlierOutputsBitIdentical()
    {
        var attention = Build(1);
        random.manual_seed(5);
        var x = randn(2, 10, 12);
        var changed = x.clone();
        changed[.., 6..] = randn(2, 4, 12) * 100;     // positions 6 … 9 replaced by something wild

        var before = attention.call(x);
        var after = attention.call(changed);

        Assert.True(TensorAsserts.Identical(before[.., ..6], after[.., ..6]), "an earlier position saw a later one");
        Assert.False(TensorAsserts.Identical(before[.., 6..], after[.., 6..]));
    }

    [Fact]
    public void ForwardWithWeights_WrittenOut_EqualsTheFusedForward()
    {
        var attention = Build(2);
        var x = randn(3, 9, 12);

        var (y, weights) = attention.ForwardWithWeights(x);

        Assert.True(MaxDifference(y, attention.call(x)) < 1e-5);
        Assert.Equal(new long[] { 3, 3, 9, 9 }, weights.shape);
        Assert.Equal(0f, weights.triu(1).abs().sum().item<float>());
    }

    [Fact]
    public void Forward_ThreeHeads_EqualsThreeSingleHeadsConcatenated()
    {
        var attention = Build(3);
        var x = randn(2, 6, 12);
        var state = attention.state_dict();
        var (w, b) = (state["c_attn.weight"], state["c_attn.bias"]);         // (36, 12), (36)

        var heads = new List<Tensor>();
        for (int h = 0; h < 3; h++)
        {
            // Rows of head h inside q (0 … 11), k (12 … 23) and v (24 … 35): channels 4h … 4h+3 of each.
            Tensor Project(int part) => F.linear(x, w[(part * 12 + 4 * h)..(part * 12 + 4 * h + 4)], b[(part * 12 + 4 * h)..(part * 12 + 4 * h + 4)]);
            heads.Add(ScaledDotProductAttention.Forward(Project(0), Project(1), Project(2), AttentionMasks.Causal(6)));   // (2, 6, 4)
        }
        var joined = cat(heads, 2);                                             // 3 × (2, 6, 4) -> (2, 6, 12)
        var expected = F.linear(joined, state["c_proj.weight"], state["c_proj.bias"]);

        Assert.True(MaxDifference(attention.call(x), expected) < 1e-5, $"largest difference {MaxDifference(attention.call(x), expected)}");
    }

    [Fact]
    public void ForwardCached_OneTokenAtATime_EqualsTheWholeSequence()
    {
        var attention = Build(4);
        var x = randn(2, 8, 12);
        var whole = attention.call(x);
        using var cache = new KvCache(16);

        var first = attention.ForwardCached(x[.., ..3], cache);               // a prompt of 3, then 2, then 1 at a time
        var next = attention.ForwardCached(x[.., 3..5], cache);
        var rest = Enumerable.Range(5, 3).Select(t => attention.ForwardCached(x[.., t..(t + 1)], cache));
        var pieced = cat([first, next, .. rest], 1);

        Assert.Equal(8, cache.Length);
        Assert.True(MaxDifference(pieced, whole) < 1e-5, $"largest difference {MaxDifference(pieced, whole)}");
    }

    [Fact]
    public void Forward_LongerThanTheBlock_ThrowsSayingCropIt()
    {
        var attention = Build(blockSize: 4);

        var error = Assert.Throws<ArgumentException>(() => attention.call(randn(1, 5, 12)));

        Assert.Contains("at most 4", error.Message);
    }

    [Fact]
    public void Forward_WrongWidth_ThrowsNamingTheExpectedShape()
    {
        var error = Assert.Throws<ArgumentException>(() => Build().call(randn(1, 3, 8)));

        Assert.Contains("(B, T, 12)", error.Message);
    }
}
