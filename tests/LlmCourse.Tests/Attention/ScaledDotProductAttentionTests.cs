using LlmCourse.Attention;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Tests.Attention;

[Collection("Sequential")]
public sealed class ScaledDotProductAttentionTests
{
    private static double MaxDifference(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    [Theory]
    [InlineData(1, 1, 4, 4, 8)]
    [InlineData(2, 3, 5, 5, 16)]
    [InlineData(3, 2, 7, 3, 4)]
    [InlineData(2, 4, 1, 9, 32)]
    public void Forward_NoMask_EqualsLibtorchSdpa(int b, int h, int tq, int tk, int d)
    {
        random.manual_seed(1);
        var (q, k, v) = (randn(b, h, tq, d), randn(b, h, tk, d), randn(b, h, tk, d));

        var ours = ScaledDotProductAttention.Forward(q, k, v);
        var theirs = F.scaled_dot_product_attention(q, k, v);

        Assert.Equal(new long[] { b, h, tq, d }, ours.shape);
        Assert.True(MaxDifference(ours, theirs) < 1e-5, $"largest difference {MaxDifference(ours, theirs)}");
    }

    [Theory]
    [InlineData(1, 1, 6, 8)]
    [InlineData(2, 4, 9, 16)]
    [InlineData(4, 2, 33, 4)]
    public void Forward_CausalMask_EqualsLibtorchSdpaIsCausal(int b, int h, int t, int d)
    {
        random.manual_seed(2);
        var (q, k, v) = (randn(b, h, t, d), randn(b, h, t, d), randn(b, h, t, d));

        var ours = ScaledDotProductAttention.Forward(q, k, v, AttentionMasks.Causal(t));
        var theirs = F.scaled_dot_product_attention(q, k, v, is_casual: true);

        Assert.True(MaxDifference(ours, theirs) < 1e-5, $"largest difference {MaxDifference(ours, theirs)}");
    }

    [Fact]
    public void Forward_BooleanMaskWithTqNotTk_EqualsLibtorchSdpaWithTheSameMask()
    {
        random.manual_seed(3);
        var (q, k, v) = (randn(2, 3, 4, 8), randn(2, 3, 6, 8), randn(2, 3, 6, 8));
        var mask = rand(2, 1, 4, 6) > 0.4;
        mask[.., .., .., 0] = tensor(true);          // every query may see key 0, so no row is all masked

        var ours = ScaledDotProductAttention.Forward(q, k, v, mask);
        var theirs = F.scaled_dot_product_attention(q, k, v, mask);

        Assert.True(MaxDifference(ours, theirs) < 1e-5, $"largest difference {MaxDifference(ours, theirs)}");
    }

    [Fact]
    public void ForwardWithWeights_CausalMask_RowsSumToOneAndTheFutureGetsExactlyZero()
    {
        random.manual_seed(4);
        var (q, k, v) = (randn(1, 2, 5, 4), randn(1, 2, 5, 4), randn(1, 2, 5, 4));

        var (output, weights) = ScaledDotProductAttention.ForwardWithWeights(q, k, v, AttentionMasks.Causal(5));

        Assert.Equal(new long[] { 1, 2, 5, 5 }, weights.shape);
        Assert.True(MaxDifference(weights.sum(-1), ones(1, 2, 5)) < 1e-6);
        Assert.Equal(0f, weights.triu(1).abs().sum().item<float>());
        Assert.True(MaxDifference(output, weights.matmul(v)) < 1e-6);
    }

    [Fact]
    public void ForwardWithWeights_ByHandFormula_EqualsSoftmaxOfScaledScores()
    {
        var q = tensor(new float[] { 1, 0, 0, 1 }).view(1, 1, 2, 2);       // (4) -> (1, 1, 2, 2)
        var k = tensor(new float[] { 1, 0, 0, 2 }).view(1, 1, 2, 2);
        var v = tensor(new float[] { 10, 0, 0, 10 }).view(1, 1, 2, 2);

        var (_, weights) = ScaledDotProductAttention.ForwardWithWeights(q, k, v);

        // Query 0 · keys = (1, 0) / √2; softmax of (0.7071, 0) puts e^0.7071 / (e^0.7071 + 1) = 0.66976 on key 0.
        Assert.Equal(0.66976, weights[0, 0, 0, 0].item<float>(), 4);
        Assert.Equal(1 / (1 + Math.Exp(2 / Math.Sqrt(2))), weights[0, 0, 1, 0].item<float>(), 4);
    }

    [Fact]
    public void Forward_QueriesAndKeysOfDifferentWidths_ThrowsNamingTheShapes()
    {
        var error = Assert.Throws<ArgumentException>(() => ScaledDotProductAttention.Forward(zeros(1, 1, 3, 4), zeros(1, 1, 3, 5), zeros(1, 1, 3, 5)));

        Assert.Contains("q [1, 1, 3, 4]", error.Message);
        Assert.Contains("k [1, 1, 3, 5]", error.Message);
    }

    [Fact]
    public void Forward_FloatMask_ThrowsSayingItMustBeBoolean()
    {
        var error = Assert.Throws<ArgumentException>(() => ScaledDotProductAttention.Forward(zeros(1, 1, 3, 4), zeros(1, 1, 3, 4), zeros(1, 1, 3, 4), ones(3, 3)));

        Assert.Contains("boolean", error.Message);
    }

    [Fact]
    public void Forward_ManyCalls_LeakNoTensors()
    {
        var (q, k, v) = (randn(1, 2, 4, 4), randn(1, 2, 4, 4), randn(1, 2, 4, 4));
        var mask = AttentionMasks.Causal(4);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (int i = 0; i < 5; i++)
            ScaledDotProductAttention.Forward(q, k, v, mask).Dispose();

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
