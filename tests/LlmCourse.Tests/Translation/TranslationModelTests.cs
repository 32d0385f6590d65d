using LlmCourse.Tests.Attention;
using LlmCourse.Translation;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Translation;

[Collection("Sequential")]
public sealed class TranslationModelTests
{
    private static TranslationModel Model(int seed = 1)
    {
        manual_seed(seed);
        var model = new TranslationModel(TranslationConfig.Tiny(sourceVocabSize: 20, targetVocabSize: 24));
        model.eval();
        return model;
    }

    private static Tensor Ids(long[,] values) => tensor(values);

    [Fact]
    public void Forward_Shapes_AreBatchTimeVocabulary()
    {
        using var scope = NewDisposeScope();
        var model = Model();
        var source = Ids(new long[,] { { 5, 6, 7, 8, 9 }, { 10, 11, 12, 0, 0 } });   // (2, 5), second row padded
        var target = Ids(new long[,] { { 1, 4, 5 }, { 1, 6, 7 } });                  // (2, 3)

        var (memory, mask) = model.Encode(source);
        Assert.Equal([2L, 5, 32], memory.shape);
        Assert.Equal([true, true, true, false, false], mask[1].data<bool>().ToArray());
        Assert.Equal([2L, 3, 24], model.call(source, target).shape);
        var (logits, weights) = model.DecodeWithWeights(target, memory, mask);
        Assert.Equal([2L, 3, 24], logits.shape);
        Assert.Equal(2, weights.Length);
        Assert.Equal([2L, 2, 3, 5], weights[0].shape);                              // (B, nh, T, S)
    }

    [Fact]
    public void Decode_ChangingLaterTargetWords_LeavesEarlierLogitsUnchanged()
    {
        using var scope = NewDisposeScope();
        var model = Model();
        var source = Ids(new long[,] { { 5, 6, 7, 8 } });
        var target = Ids(new long[,] { { 1, 4, 5, 6, 7, 8 } });
        var changed = target.clone();
        changed[0, 3] = tensor(20L);                                                // positions 3 … 5 now differ
        changed[0, 5] = tensor(21L);

        var before = model.call(source, target);
        var after = model.call(source, changed);

        Assert.True(TensorAsserts.MaxDifference(before[.., ..3], after[.., ..3]) < 1e-6, "position t must not see target words after t");
        Assert.True(TensorAsserts.MaxDifference(before[.., 3..], after[.., 3..]) > 1e-3, "the changed positions themselves do change");
    }

    [Fact]
    public void Forward_SourcePadding_DoesNotChangeTheOutput()
    {
        using var scope = NewDisposeScope();
        var model = Model();
        var target = Ids(new long[,] { { 1, 4, 5, 6 } });
        var source = Ids(new long[,] { { 5, 6, 7 } });
        var padded = Ids(new long[,] { { 5, 6, 7, 0, 0, 0, 0 } });

        var plain = model.call(source, target);
        var withPadding = model.call(padded, target);

        Assert.True(TensorAsserts.MaxDifference(plain, withPadding) < 1e-5);
        var (memory, mask) = model.Encode(padded);
        var (_, weights) = model.DecodeWithWeights(target, memory, mask);
        Assert.Equal(0.0, weights[^1][.., .., .., 3..].abs().max().item<float>());   // no attention on PAD
    }

    [Fact]
    public void Loss_PadTargets_AreIgnored()
    {
        using var scope = NewDisposeScope();
        var model = Model();
        var source = Ids(new long[,] { { 5, 6, 7 } });
        var input = Ids(new long[,] { { 1, 4, 5 } });
        var output = Ids(new long[,] { { 4, 5, 2 } });
        var paddedInput = Ids(new long[,] { { 1, 4, 5, 0, 0 } });
        var paddedOutput = Ids(new long[,] { { 4, 5, 2, 0, 0 } });

        double loss = model.Loss(source, input, output).item<float>();
        double paddedLoss = model.Loss(source, paddedInput, paddedOutput).item<float>();

        Assert.Equal(loss, paddedLoss, 5);
        Assert.True(loss > 1.0);                                                   // an untrained model: near ln 24 ≈ 3.2
    }

    [Fact]
    public void Forward_SequenceLongerThanMaxLength_Throws()
    {
        using var scope = NewDisposeScope();
        var model = Model();
        var e = Assert.Throws<ArgumentException>(() => model.Encode(ones(1, 17, ScalarType.Int64)));
        Assert.Contains("MaxLength", e.Message);
    }
}
