using LlmCourse.Tests.Attention;
using LlmCourse.Transformer;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Transformer;

[Collection("Sequential")]
public sealed class EmbeddingTableTests
{
    [Fact]
    public void Forward_Ids_ReadTheirRows()
    {
        var table = new EmbeddingTable(10, 4);
        var ids = tensor(new long[,] { { 3, 3, 7 } });

        var rows = table.call(ids);

        Assert.Equal(new long[] { 1, 3, 4 }, rows.shape);
        Assert.True(TensorAsserts.Identical(rows[0, 2], table.weight[7]));
        Assert.Equal(["weight"], table.state_dict().Keys);
    }

    [Fact]
    public void Forward_IntIds_ThrowsSayingInt64()
    {
        var error = Assert.Throws<ArgumentException>(() => new EmbeddingTable(10, 4).call(tensor(new[] { 1, 2 })));

        Assert.Contains("int64", error.Message);
    }

    [Fact]
    public void Rows_EqualTheIndexerAndItsGradient()
    {
        random.manual_seed(3);
        var table = randn(28, 6).requires_grad_();
        var ids = randint(0, 28, [4, 5, 3]);

        var rows = EmbeddingTable.Rows(table, ids);
        rows.pow(3).sum().backward();
        var gradient = table.grad!.clone();
        table.grad!.zero_();
        var indexed = table[ids];
        indexed.pow(3).sum().backward();

        Assert.Equal(new long[] { 4, 5, 3, 6 }, rows.shape);
        Assert.True(TensorAsserts.Identical(rows, indexed));
        Assert.True(TensorAsserts.MaxDifference(gradient, table.grad!) < 1e-5);
    }

    [Fact]
    public void Rows_IntIds_ThrowsSayingInt64()
    {
        var error = Assert.Throws<ArgumentException>(() => EmbeddingTable.Rows(randn(10, 4), tensor(new[] { 1, 2 })));

        Assert.Contains("int64", error.Message);
    }
}
