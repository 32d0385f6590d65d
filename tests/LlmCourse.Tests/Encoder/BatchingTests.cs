using LlmCourse.Encoder;
using LlmCourse.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Encoder;

[Collection("Sequential")]
public sealed class BatchingTests
{
    [Fact]
    public void Create_UnevenSequences_PadsToTheLongestAndMasksThePadding()
    {
        var batch = PaddedBatch.Create([[9, 1, 2], [9], [9, 3, 4, 5]], padId: 0);

        Assert.Equal(new long[] { 3, 4 }, batch.Ids.shape);
        Assert.Equal(new long[] { 9, 1, 2, 0, 9, 0, 0, 0, 9, 3, 4, 5 }, batch.Ids.data<long>().ToArray());
        Assert.Equal(new[] { true, true, true, false, true, false, false, false, true, true, true, true },
            batch.KeyMask.data<bool>().ToArray());
    }

    [Fact]
    public void Encode_LongText_StartsWithClsAndKeepsTheStart()
    {
        var vocabulary = new ClassifierVocabulary(BpeTokenizer.Train("the film the film the end", 260, SplitPatterns.Gpt4));

        var ids = vocabulary.Encode("The FILM the film the end", maxLength: 4);
        var all = vocabulary.Encode("The FILM the film the end", maxLength: 100);

        Assert.Equal(vocabulary.ClsId, ids[0]);
        Assert.Equal(4, ids.Length);
        Assert.Equal(all[..4], ids);
        Assert.Equal("the film the film the end", vocabulary.Tokenizer.Decode(all[1..]));   // lower-cased
        Assert.Equal((260, 261, 262), (vocabulary.PadId, vocabulary.ClsId, vocabulary.Size));
        Assert.Equal("[CLS]", vocabulary.TokenText(ids[0]));
    }

    [Fact]
    public void WithMask_SameEncodingAndMaskIsTheThirdSpecialId()
    {
        var bpe = BpeTokenizer.Train("the film the film the end", 260, SplitPatterns.Gpt4);
        var plain = new ClassifierVocabulary(bpe);
        var withMask = new ClassifierVocabulary(bpe, withMask: true);

        Assert.Equal(plain.Encode("The film, the end", 100), withMask.Encode("The film, the end", 100));
        Assert.Equal((260, 261, 262, 263), (withMask.PadId, withMask.ClsId, withMask.MaskId, withMask.Size));
        Assert.Equal("[MASK]", withMask.TokenText(262));
        Assert.Throws<InvalidOperationException>(() => plain.MaskId);
    }

    [Fact]
    public void Shuffled_SameSeed_SameBatchesEachIndexOnceAndSimilarLengths()
    {
        var lengths = Enumerable.Range(0, 100).Select(i => (i * 37) % 100).ToArray();

        var first = LengthBatches.Shuffled(lengths, batchSize: 10, new Random(3), poolBatches: 10);
        var again = LengthBatches.Shuffled(lengths, batchSize: 10, new Random(3), poolBatches: 10);

        Assert.Equal(Enumerable.Range(0, 100), first.SelectMany(b => b).Order());
        Assert.Equal(first.Select(b => string.Join(",", b)), again.Select(b => string.Join(",", b)));
        // One pool of 100 sorted by length: each batch spans at most 10 consecutive lengths.
        Assert.All(first, b => Assert.True(b.Max(i => lengths[i]) - b.Min(i => lengths[i]) < 10));
    }

    [Fact]
    public void ConfusionMatrix_Predictions_CountsTrueAgainstPredicted()
    {
        int[] labels = [0, 0, 0, 1, 1];
        int[] predicted = [0, 1, 0, 1, 0];

        var counts = Classification.ConfusionMatrix(predicted, labels);

        Assert.Equal(new[,] { { 2, 1 }, { 1, 1 } }, counts);
        Assert.Equal(0.6, Classification.Accuracy(predicted, labels), 12);
    }
}
