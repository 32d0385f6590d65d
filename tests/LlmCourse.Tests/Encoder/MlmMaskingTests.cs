using LlmCourse.Encoder;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Encoder;

[Collection("Sequential")]
public sealed class MlmMaskingTests
{
    // Text tokens 0 … 999, then [PAD] = 1000, [CLS] = 1001, [MASK] = 1002, as ClassifierVocabulary numbers them.
    private const long TextTokens = 1000, Pad = 1000, Cls = 1001, Mask = 1002;

    // (B, T) ids with [CLS] first, random text tokens, and row b padded after 8 + 4b real tokens (T = 128, B = 64).
    private static PaddedBatch Reviews(int rows = 64, int width = 128, long seed = 5)
    {
        var g = new Generator((ulong)seed);
        var tokens = randint(0, TextTokens, [rows, width], generator: g).data<long>().ToArray();
        var sequences = Enumerable.Range(0, rows).Select(b =>
        {
            int length = Math.Min(width, 8 + 4 * b);
            return new[] { (int)Cls }.Concat(tokens.Skip(b * width).Take(length - 1).Select(t => (int)t)).ToArray();
        }).ToArray();
        return PaddedBatch.Create(sequences, (int)Pad);
    }

    [Fact]
    public void Apply_LargeBatch_Chooses15PercentOfWhich80MaskedAnd10Random()
    {
        var batch = Reviews();
        var masked = MlmMasking.Apply(batch.Ids, batch.KeyMask, Mask, TextTokens, new Generator(1));

        var eligible = batch.KeyMask.logical_and(batch.Ids.lt(TextTokens));
        double chosen = masked.Chosen.sum().item<long>();
        double chosenShare = chosen / eligible.sum().item<long>();
        double maskShare = masked.Inputs.eq(Mask).logical_and(masked.Chosen).sum().item<long>() / chosen;
        double keptShare = masked.Inputs.eq(batch.Ids).logical_and(masked.Chosen).sum().item<long>() / chosen;
        double randomShare = 1 - maskShare - keptShare;

        // About 5,900 eligible positions, 880 chosen: standard errors 0.005 (chosen), 0.013 (mask), 0.010 (random, kept).
        Assert.InRange(chosenShare, 0.13, 0.17);
        Assert.InRange(maskShare, 0.75, 0.85);
        Assert.InRange(randomShare, 0.06, 0.14);
        Assert.InRange(keptShare, 0.06, 0.14);
    }

    [Fact]
    public void Apply_PaddedBatch_NeverChoosesClsOrPaddingAndLabelsOnlyChosen()
    {
        var batch = Reviews();
        for (ulong seed = 0; seed < 5; seed++)
        {
            var masked = MlmMasking.Apply(batch.Ids, batch.KeyMask, Mask, TextTokens, new Generator(seed), chooseRate: 0.5);

            Assert.False(masked.Chosen.logical_and(batch.KeyMask.logical_not()).any().item<bool>());   // no [PAD] chosen
            Assert.False(masked.Chosen[.., 0].any().item<bool>());                                     // no [CLS] chosen
            var unchosen = masked.Chosen.logical_not();
            Assert.True(masked.Labels[unchosen].eq(MlmMasking.Ignore).all().item<bool>());
            Assert.True(masked.Labels[masked.Chosen].eq(batch.Ids[masked.Chosen]).all().item<bool>());
            Assert.True(masked.Inputs[unchosen].eq(batch.Ids[unchosen]).all().item<bool>());          // [CLS], [PAD] and the rest as they were
            Assert.True(masked.Inputs[masked.Chosen].ne(Mask).logical_and(masked.Inputs[masked.Chosen].ge(TextTokens))
                .logical_not().all().item<bool>());                                                  // replacements are text tokens
        }
    }

    [Fact]
    public void Apply_SameSeed_SameCorruptionAndAnotherSeedAnother()
    {
        var batch = Reviews();

        var first = MlmMasking.Apply(batch.Ids, batch.KeyMask, Mask, TextTokens, new Generator(42));
        var again = MlmMasking.Apply(batch.Ids, batch.KeyMask, Mask, TextTokens, new Generator(42));
        var other = MlmMasking.Apply(batch.Ids, batch.KeyMask, Mask, TextTokens, new Generator(43));

        Assert.True(first.Inputs.eq(again.Inputs).all().item<bool>());
        Assert.True(first.Labels.eq(again.Labels).all().item<bool>());
        Assert.False(first.Chosen.eq(other.Chosen).all().item<bool>());
    }

    [Fact]
    public void Apply_OneGenerator_DrawsAFreshCorruptionEachCall()
    {
        var batch = Reviews();
        var g = new Generator(7);

        var first = MlmMasking.Apply(batch.Ids, batch.KeyMask, Mask, TextTokens, g);
        var second = MlmMasking.Apply(batch.Ids, batch.KeyMask, Mask, TextTokens, g);

        Assert.False(first.Chosen.eq(second.Chosen).all().item<bool>());
    }

    [Fact]
    public void Apply_BadShares_Throws()
    {
        var batch = Reviews(rows: 2);

        Assert.Throws<ArgumentException>(() => MlmMasking.Apply(batch.Ids, batch.KeyMask, Mask, TextTokens, new Generator(1), maskShare: 0.8, randomShare: 0.3));
        Assert.Throws<ArgumentException>(() => MlmMasking.Apply(batch.Ids, batch.KeyMask[.., 1..], Mask, TextTokens, new Generator(1)));
    }
}
