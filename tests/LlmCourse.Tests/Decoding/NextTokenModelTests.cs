using LlmCourse.Decoding;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Decoding;

public sealed class NextTokenModelTests
{
    [Fact]
    public void LastPosition_CropsTheContextAndKeepsTheLastPositionsLogits()
    {
        long seenLength = 0;
        // A "model" whose logits at each position are (its token id + 0, + 1, + 2, + 3): easy to recognise.
        Tensor EveryPosition(Tensor ids)
        {
            seenLength = ids.shape[1];
            return ids.to(ScalarType.Float32).unsqueeze(-1) + arange(4, ScalarType.Float32);    // (B, T, 4)
        }
        var model = NextTokenModels.LastPosition(EveryPosition, contextLength: 3);

        var logits = model(tensor(new long[,] { { 1, 2, 3, 4, 5 }, { 9, 8, 7, 6, 10 } }));

        Assert.Equal(3, seenLength);
        Assert.Equal([2L, 4L], logits.shape);
        Assert.Equal([5f, 6f, 7f, 8f, 10f, 11f, 12f, 13f], logits.data<float>().ToArray());
    }

    [Fact]
    public void Bigram_GivesTheRowOfEachSequencesLastToken()
    {
        var table = tensor(new float[,] { { 0f, 1f }, { 2f, 3f } });
        var model = NextTokenModels.Bigram(table);

        var logits = model(tensor(new long[,] { { 0, 1 }, { 1, 0 } }));

        Assert.Equal([2f, 3f, 0f, 1f], logits.data<float>().ToArray());
    }

    [Fact]
    public void Bigram_TableNotSquare_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => NextTokenModels.Bigram(zeros(2, 3)));

        Assert.Contains("(V, V)", error.Message);
    }

    [Fact]
    public void LastPosition_ContextLengthZero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NextTokenModels.LastPosition(x => x, contextLength: 0));
    }
}
