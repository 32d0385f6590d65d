using LlmCourse.Attention;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Attention;

[Collection("Sequential")]
public sealed class KvCacheTests
{
    [Fact]
    public void Append_TwoChunks_ReturnsEveryPositionInOrder()
    {
        using var cache = new KvCache(8);
        var (k1, v1) = (randn(2, 3, 4, 5), randn(2, 3, 4, 5));
        var (k2, v2) = (randn(2, 3, 1, 5), randn(2, 3, 1, 5));

        cache.Append(k1, v1);
        var (keys, values) = cache.Append(k2, v2);

        Assert.Equal(5, cache.Length);
        Assert.True(TensorAsserts.Identical(keys, cat([k1, k2], 2)));
        Assert.True(TensorAsserts.Identical(values, cat([v1, v2], 2)));
    }

    [Fact]
    public void Append_BeyondCapacity_ThrowsSayingHowToContinue()
    {
        using var cache = new KvCache(4);
        cache.Append(zeros(1, 1, 3, 2), zeros(1, 1, 3, 2));

        var error = Assert.Throws<InvalidOperationException>(() => cache.Append(zeros(1, 1, 2, 2), zeros(1, 1, 2, 2)));

        Assert.Contains("at most 4 positions", error.Message);
        Assert.Contains("Clear()", error.Message);
    }

    [Fact]
    public void Clear_ThenAppend_StartsAgainAtPositionZero()
    {
        using var cache = new KvCache(4);
        cache.Append(ones(1, 1, 3, 2), ones(1, 1, 3, 2));

        cache.Clear();
        var (keys, _) = cache.Append(zeros(1, 1, 1, 2), zeros(1, 1, 1, 2));

        Assert.Equal(1, cache.Length);
        Assert.Equal(new long[] { 1, 1, 1, 2 }, keys.shape);
    }

    [Fact]
    public void Append_AnotherBatchSize_ThrowsNamingBothShapes()
    {
        using var cache = new KvCache(4);
        cache.Append(zeros(2, 1, 1, 2), zeros(2, 1, 1, 2));

        var error = Assert.Throws<ArgumentException>(() => cache.Append(zeros(3, 1, 1, 2), zeros(3, 1, 1, 2)));

        Assert.Contains("[3, 1, 1, 2]", error.Message);
    }
}
