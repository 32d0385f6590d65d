using LlmCourse.Geometry;
using LlmCourse.Gpt;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Geometry;

[Collection("Sequential")]
public sealed class LogitLensTests
{
    private static readonly GptConfig Small = new(VocabSize: 11, BlockSize: 8, NLayer: 3, NHead: 2, NEmbd: 8);

    private static GptModel Build(GptConfig? config = null, int seed = 0)
    {
        random.manual_seed(seed);
        var model = new GptModel(config ?? Small);
        model.eval();
        return model;
    }

    private static Tensor Ids(int seed, long batch = 2, long length = 6) =>
        randint(0, Small.VocabSize, [batch, length], generator: new Generator((ulong)seed));

    [Fact]
    public void AllLayers_LastLayer_EqualsTheModelsLogitsExactly()
    {
        foreach (var config in new[] { Small, Small with { TieEmbeddings = false, Bias = false } })
        {
            var model = Build(config);
            var ids = Ids(1);

            var lens = LogitLens.AllLayers(model, ids);
            using var expected = model.call(ids);

            Assert.Equal(config.NLayer + 1, lens.Count);
            Assert.True((lens[^1] == expected).all().item<bool>(), "the lens at the top is the model's output, bit for bit");
            Assert.False(lens[0].allclose(expected), "the embedding layer's lens differs from the output");
        }
    }

    [Fact]
    public void Capture_EveryLayer_IsTheSameSpace()
    {
        var model = Build();
        var stream = ResidualStream.Capture(model, Ids(2, batch: 3, length: 5));

        Assert.Equal(4, stream.Count);
        Assert.All(stream, x => Assert.Equal(new long[] { 3, 5, 8 }, x.shape));
        Assert.All(LogitLens.AllLayers(model, Ids(2, batch: 3, length: 5)), l => Assert.Equal(new long[] { 3, 5, 11 }, l.shape));
        Assert.False(stream[0].requires_grad);
    }

    [Fact]
    public void Capture_Embeddings_AreTokenPlusPosition()
    {
        var model = Build();
        var ids = Ids(3);

        var first = ResidualStream.Capture(model, ids)[0];

        var expected = model.Transformer.TokenEmbedding.weight[ids] + model.Transformer.PositionEmbedding.weight[..6];
        Assert.True(first.allclose(expected.detach()));
    }

    [Fact]
    public void Score_AccuracyInUnitInterval_LossMatchesCrossEntropy()
    {
        var model = Build();
        var ids = Ids(4);
        var targets = Ids(5);

        var scores = LogitLens.Score(model, ids, targets);

        Assert.Equal(Enumerable.Range(0, 4), scores.Select(s => s.Layer));
        Assert.All(scores, s => Assert.InRange(s.Accuracy, 0.0, 1.0));
        using var logits = model.call(ids);
        double loss = nn.functional.cross_entropy(logits.reshape(-1, 11).to(ScalarType.Float64), targets.reshape(-1)).item<double>();
        Assert.Equal(loss, scores[^1].Loss, 5);
        double accuracy = (logits.argmax(-1) == targets).to(ScalarType.Float64).mean().item<double>();
        Assert.Equal(accuracy, scores[^1].Accuracy, 12);
    }

    [Fact]
    public void Score_TargetsAreTheLensArgmax_AccuracyIsOne()
    {
        var model = Build();
        var ids = Ids(6);
        var layers = LogitLens.AllLayers(model, ids);

        var scores = LogitLens.Score(model, ids, layers[1].argmax(-1));

        Assert.Equal(1.0, scores[1].Accuracy);
        Assert.True(double.IsFinite(scores[1].Loss));
    }

    [Fact]
    public void FinalNorm_OnTheLastLayer_IsTheTransformersOutput()
    {
        var model = Build();
        var ids = Ids(12);

        var top = ResidualStream.Capture(model, ids)[^1];

        using (no_grad())
        {
            var expected = model.Transformer.call(ids);
            Assert.True((ResidualStream.FinalNorm(model).call(top) == expected).all().item<bool>());
        }
    }

    [Fact]
    public void Score_Batches_WeightByPositions()
    {
        var model = Build();
        var (a, ta, b, tb) = (Ids(7), Ids(8), Ids(9, batch: 1), Ids(10, batch: 1));

        var pooled = LogitLens.Score(model, [(a, ta), (b, tb)]);
        var single = LogitLens.Score(model, cat([a, b]), cat([ta, tb]));

        for (int l = 0; l < pooled.Length; l++)
        {
            Assert.Equal(single[l].Accuracy, pooled[l].Accuracy, 12);
            Assert.Equal(single[l].Loss, pooled[l].Loss, 5);
        }
    }

    [Fact]
    public void Score_TrainingModeWithDropout_ThrowsSayingEval()
    {
        var model = Build(Small with { Dropout = 0.5 });
        model.train();

        var error = Assert.Throws<InvalidOperationException>(() => LogitLens.Score(model, Ids(1), Ids(2)));

        Assert.Contains("model.eval()", error.Message);
        Assert.Throws<ArgumentException>(() => LogitLens.Score(model, Ids(1), Ids(2, length: 5)));
    }

    [Fact]
    public void Capture_UnknownTokenOrTooLong_ThrowsNamingTheProblem()
    {
        var model = Build();

        var unknown = Assert.Throws<ArgumentException>(() => ResidualStream.Capture(model, tensor(new long[,] { { 1, 11 } })));
        var tooLong = Assert.Throws<ArgumentException>(() => ResidualStream.Capture(model, zeros(1, 9, ScalarType.Int64)));

        Assert.Contains("0 … 10", unknown.Message);
        Assert.Contains("T ≤ 8", tooLong.Message);
    }

    [Fact]
    public void MeanNorms_OnePerLayer_MatchHandComputation()
    {
        var model = Build();
        var stream = ResidualStream.Capture(model, Ids(11));

        var norms = ResidualStream.MeanNorms(stream);

        Assert.Equal(4, norms.Length);
        double byHand = stream[2].square().sum(-1).sqrt().mean().item<float>();
        Assert.Equal(byHand, norms[2], 5);
    }
}
