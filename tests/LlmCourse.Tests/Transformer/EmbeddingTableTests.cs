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
}
