using LlmCourse.Encoder;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Encoder;

[Collection("Sequential")]
public sealed class EncoderClassifierTests
{
    private const int Pad = 20, Cls = 21;

    private static EncoderClassifier Build(double dropout = 0.0)
    {
        random.manual_seed(0);
        var model = new EncoderClassifier(new EncoderConfig(VocabSize: 22, MaxLength: 12, NLayer: 2, NHead: 2, NEmbd: 16, Dropout: dropout));
        model.eval();
        return model;
    }

    private static PaddedBatch Batch(params int[][] sequences) => PaddedBatch.Create(sequences, Pad);

    [Fact]
    public void Forward_PaddedBatch_GivesOneRowOfLogitsPerText()
    {
        var model = Build();
        var batch = Batch([Cls, 1, 2, 3], [Cls, 4], [Cls, 5, 6, 7, 8, 9]);

        var logits = model.call(batch.Ids, batch.KeyMask);
        var hidden = model.HiddenStates(batch.Ids, batch.KeyMask);
        var cls = model.Cls(batch.Ids, batch.KeyMask);

        Assert.Equal(new long[] { 3, 2 }, logits.shape);
        Assert.Equal(new long[] { 3, 6, 16 }, hidden.shape);
        Assert.Equal(new long[] { 3, 16 }, cls.shape);
        Assert.Equal(0f, (cls - hidden[.., 0]).abs().max().item<float>());
    }

    [Fact]
    public void Cls_PaddedPositionTokenChanged_OutputUnchanged()
    {
        var model = Build();
        var batch = Batch([Cls, 1, 2], [Cls, 3, 4, 5, 6, 7]);
        var changed = batch.Ids.clone();
        changed[0, 4] = 9;                                    // row 0, a padded position: a real token id where [PAD] was

        var before = model.Cls(batch.Ids, batch.KeyMask);
        var after = model.Cls(changed, batch.KeyMask);
        var alone = model.Cls(tensor(new long[] { Cls, 1, 2 }).unsqueeze(0), tensor(new[] { true, true, true }).unsqueeze(0));

        Assert.True((before - after).abs().max().item<float>() < 1e-6f);
        Assert.True((before[0] - alone[0]).abs().max().item<float>() < 1e-5f);   // padding changes nothing at all
    }

    [Fact]
    public void Cls_LastRealTokenChanged_OutputChanges()
    {
        var model = Build();
        var batch = Batch([Cls, 1, 2, 3]);
        var changed = batch.Ids.clone();
        changed[0, 3] = 4;

        // Bidirectional: [CLS] at position 0 sees the last token; a causal model's position 0 would not.
        var difference = (model.Cls(batch.Ids, batch.KeyMask) - model.Cls(changed, batch.KeyMask)).abs().max().item<float>();

        Assert.True(difference > 1e-4f, $"difference {difference}");
    }

    [Fact]
    public void TrainEpoch_TinyDataset_Overfits()
    {
        var model = Build(dropout: 0.0);
        // Class 1 iff token 7 appears somewhere (at different places, with padding): attention has to find it.
        var sequences = new[]
        {
            new[] { Cls, 1, 7, 2 }, new[] { Cls, 3, 4, 5, 7 }, new[] { Cls, 7 }, new[] { Cls, 2, 2, 7, 1, 1 },
            new[] { Cls, 1, 3, 2 }, new[] { Cls, 3, 4, 5, 6 }, new[] { Cls, 8 }, new[] { Cls, 2, 2, 8, 1, 1 },
        };
        var data = new EncodedTexts(sequences, [1, 1, 1, 1, 0, 0, 0, 0], Pad);
        var optimizer = model.CreateOptimizer(1e-2, weightDecay: 0.0);
        var random = new Random(0);

        var first = ClassifierTraining.TrainEpoch(model, optimizer, data, batchSize: 8, random);
        EpochResult last = first;
        for (int epoch = 0; epoch < 40; epoch++)
            last = ClassifierTraining.TrainEpoch(model, optimizer, data, batchSize: 8, random);

        Assert.True(last.Loss < 0.05 && last.Loss < first.Loss, $"loss {first.Loss} -> {last.Loss}");
        Assert.Equal(data.Labels, ClassifierTraining.Predict(model, data));
    }

    [Fact]
    public void TrainEpoch_MaxBatches_StopsThePassAndCountsAccuracyOverWhatItSaw()
    {
        var model = Build(dropout: 0.0);
        var sequences = Enumerable.Range(0, 10).Select(i => new[] { Cls, 1 + i % 5, 7 }).ToArray();
        var data = new EncodedTexts(sequences, Enumerable.Range(0, 10).Select(i => i % 2).ToArray(), Pad);
        var optimizer = model.CreateOptimizer(1e-3, weightDecay: 0.0);
        int reports = 0;

        var limited = ClassifierTraining.TrainEpoch(model, optimizer, data, batchSize: 2, new Random(0), report: (_, _, _) => reports++, maxBatches: 2);
        var whole = ClassifierTraining.TrainEpoch(model, optimizer, data, batchSize: 2, new Random(0));

        Assert.Equal(2, limited.Steps);
        Assert.Equal(2, reports);
        Assert.Equal(5, whole.Steps);
        Assert.InRange(limited.Accuracy, 0.0, 1.0);
        Assert.True(limited.Accuracy * 4 == Math.Round(limited.Accuracy * 4), $"accuracy {limited.Accuracy} is not a count out of the 4 examples seen");
    }

    [Fact]
    public void ClsEmbeddings_SortedIntoBatchesByLength_ComeBackInDataOrder()
    {
        var model = Build();
        var sequences = new[] { new[] { Cls, 1, 2, 3, 4 }, new[] { Cls, 5 }, new[] { Cls, 6, 7, 8 } };
        var data = new EncodedTexts(sequences, [0, 1, 0], Pad);

        var all = ClassifierTraining.ClsEmbeddings(model, data, batchSize: 2);

        for (int i = 0; i < sequences.Length; i++)
        {
            var one = Batch(sequences[i]);
            Assert.True((all[i] - model.Cls(one.Ids, one.KeyMask)[0]).abs().max().item<float>() < 1e-5f);
        }
    }

    [Fact]
    public void HiddenStates_LongerThanMaxLength_Throws()
    {
        var model = Build();
        var batch = Batch(Enumerable.Range(0, 13).Select(i => i % 10).ToArray());

        var e = Assert.Throws<ArgumentException>(() => model.HiddenStates(batch.Ids, batch.KeyMask));

        Assert.Contains("MaxLength 12", e.Message);
    }
}
