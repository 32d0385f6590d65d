using LlmCourse.Encoder;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Tests.Encoder;

[Collection("Sequential")]
public sealed class MaskedLanguageModelTests
{
    // Text tokens 0 … 19, [PAD] = 20, [CLS] = 21, [MASK] = 22.
    private const int TextTokens = 20, Pad = 20, Cls = 21, Mask = 22;

    private static MaskedLanguageModel Build()
    {
        random.manual_seed(0);
        var model = new MaskedLanguageModel(new EncoderClassifier(new EncoderConfig(VocabSize: 23, MaxLength: 16, NLayer: 1, NHead: 2, NEmbd: 16, Dropout: 0.0)));
        model.eval();
        return model;
    }

    [Fact]
    public void Forward_IsTiedToTheTokenEmbeddings()
    {
        var model = Build();
        var batch = PaddedBatch.Create([[Cls, 1, 2, 3], [Cls, 4]], Pad);
        using (no_grad())
            model.Bias.copy_(arange(23, dtype: ScalarType.Float32) / 10);

        var logits = model.call(batch.Ids, batch.KeyMask);
        var byHand = model.Encoder.HiddenStates(batch.Ids, batch.KeyMask).matmul(model.Encoder.TokenEmbedding.t()) + model.Bias;

        Assert.Equal(new long[] { 2, 4, 23 }, logits.shape);
        Assert.True(logits.allclose(byHand, rtol: 0, atol: 1e-5));
        Assert.DoesNotContain(model.state_dict().Keys, k => k != "bias" && !k.StartsWith("encoder.", StringComparison.Ordinal));
    }

    [Fact]
    public void Loss_OnlyChosenPositions_EqualsCrossEntropyWithIgnoreIndex()
    {
        var model = Build();
        var batch = PaddedBatch.Create([[Cls, 1, 2, 3, 4, 5, 6, 7], [Cls, 8, 9, 10]], Pad);
        var masked = MlmMasking.Apply(batch.Ids, batch.KeyMask, Mask, TextTokens, new Generator(3), chooseRate: 0.5);
        using (no_grad())
            model.Bias.copy_(arange(23, dtype: ScalarType.Float32) / 2);   // unequal scores, so which labels count matters

        var loss = model.Loss(masked, batch.KeyMask).item<float>();
        var all = model.call(masked.Inputs, batch.KeyMask);                                    // (B, T, V)
        var reference = F.cross_entropy(all.reshape(-1, 23), masked.Labels.reshape(-1), ignore_index: MlmMasking.Ignore).item<float>();
        var changed = masked.Labels.clone();
        changed[masked.Chosen.logical_not()] = 5;                                              // labels on unchosen positions would change it

        Assert.True(masked.Chosen.sum().item<long>() > 0);
        Assert.Equal(reference, loss, 5);
        Assert.NotEqual(reference, F.cross_entropy(all.reshape(-1, 23), changed.reshape(-1), ignore_index: MlmMasking.Ignore).item<float>(), 3);
    }

    [Fact]
    public void CreateOptimizer_StepMovesEmbeddingsButNotTheClassifierHead()
    {
        var model = Build();
        model.train();
        var optimizer = model.CreateOptimizer(1e-2, weightDecay: 0.1);
        var head = model.named_parameters().Single(p => p.name == "encoder.head.weight").parameter;
        var headBefore = head.detach().clone();
        var embeddingsBefore = model.Encoder.TokenEmbedding.detach().clone();
        var batch = PaddedBatch.Create([[Cls, 1, 2, 3, 4, 5, 6, 7], [Cls, 8, 9, 10]], Pad);
        var masked = MlmMasking.Apply(batch.Ids, batch.KeyMask, Mask, TextTokens, new Generator(3), chooseRate: 0.5);

        optimizer.zero_grad();
        model.Loss(masked, batch.KeyMask).backward();
        optimizer.step();

        Assert.True(head.eq(headBefore).all().item<bool>());                                   // not even weight decay touched it
        Assert.False(model.Encoder.TokenEmbedding.eq(embeddingsBefore).all().item<bool>());
    }

    [Fact]
    public void Pretrain_RepetitiveTexts_LowersTheValidationLossAndIsReproducible()
    {
        // Texts that count up from a random start: a token is predictable from its neighbours.
        var rng = new Random(1);
        EncodedTexts Texts(int n) => new(Enumerable.Range(0, n).Select(_ =>
        {
            int start = rng.Next(TextTokens), length = rng.Next(6, 15);
            return new[] { Cls }.Concat(Enumerable.Range(0, length).Select(i => (start + i) % TextTokens)).ToArray();
        }).ToArray(), new int[n], Pad);
        var training = Texts(256);
        var validation = Texts(64);
        var recipe = new MlmRecipe(new EncoderConfig(23, MaxLength: 16, NLayer: 1, NHead: 2, NEmbd: 32, Dropout: 0.0), MaxEpochs: 6,
            BatchSize: 16, LearningRate: 3e-3, WeightDecay: 0.01, MlmRecipe.Fingerprint(training, validation, Mask, TextTokens));

        var first = MlmPretraining.Pretrain(recipe, training, validation, Mask, TextTokens, CPU);
        var again = MlmPretraining.Pretrain(recipe, training, validation, Mask, TextTokens, CPU);

        Assert.Equal(7, first.History.Count);
        // Untrained, the loss is about ln 23 = 3.1 nats; half a nat lower means the neighbours are being used.
        Assert.True(first.History[first.ChosenEpoch].ValidationLoss < first.History[0].ValidationLoss - 0.5,
            $"validation loss {first.History[0].ValidationLoss:F3} -> {first.History[first.ChosenEpoch].ValidationLoss:F3}");
        Assert.Equal(first.History.Min(h => h.ValidationLoss), first.History[first.ChosenEpoch].ValidationLoss);
        Assert.Equal(first.History.Select(h => h.ValidationLoss), again.History.Select(h => h.ValidationLoss));
    }

    [Fact]
    public void TrainEpoch_MaxBatches_StopsThePassEarly()
    {
        var texts = new EncodedTexts(Enumerable.Range(0, 40).Select(i => new[] { Cls, 1 + i % 7, 2 + i % 5, 3, 4, 5 }).ToArray(), new int[40], Pad);
        random.manual_seed(0);
        var model = new MaskedLanguageModel(new EncoderClassifier(new EncoderConfig(23, MaxLength: 8, NLayer: 1, NHead: 2, NEmbd: 16, Dropout: 0.0), CPU));
        var optimizer = model.CreateOptimizer(1e-3, 0.0);

        var limited = MlmTraining.TrainEpoch(model, optimizer, texts, 4, Mask, TextTokens, new Random(0), new Generator(1), maxBatches: 3);
        var whole = MlmTraining.TrainEpoch(model, optimizer, texts, 4, Mask, TextTokens, new Random(0), new Generator(1));

        Assert.Equal(3, limited.Steps);
        Assert.Equal(10, whole.Steps);
        Assert.True(limited.ChosenTokens > 0 && limited.ChosenTokens < whole.ChosenTokens, $"{limited.ChosenTokens} of {whole.ChosenTokens} tokens");
    }

    [Fact]
    public void LoadOrPretrain_SameRecipeLoads_OtherRecipeTrainsAgain()
    {
        var training = new EncodedTexts(Enumerable.Range(0, 32).Select(i => new[] { Cls, i % 20, (i + 1) % 20, (i + 2) % 20, (i + 3) % 20 }).ToArray(), new int[32], Pad);
        var recipe = new MlmRecipe(new EncoderConfig(23, MaxLength: 8, NLayer: 1, NHead: 2, NEmbd: 16, Dropout: 0.0), MaxEpochs: 1,
            BatchSize: 8, LearningRate: 1e-3, WeightDecay: 0.01, MlmRecipe.Fingerprint(training, training, Mask, TextTokens));
        string path = Path.Combine(Path.GetTempPath(), $"mlm-{Guid.NewGuid():N}.safetensors");
        try
        {
            var made = MlmPretraining.LoadOrPretrain(path, recipe, training, training, Mask, TextTokens, CPU);
            var loaded = MlmPretraining.LoadOrPretrain(path, recipe, training, training, Mask, TextTokens, CPU);
            var other = MlmPretraining.LoadOrPretrain(path, recipe with { LearningRate = 2e-3 }, training, training, Mask, TextTokens, CPU);

            Assert.False(made.Loaded);
            Assert.True(loaded.Loaded);
            Assert.True(made.Model.Encoder.TokenEmbedding.eq(loaded.Model.Encoder.TokenEmbedding).all().item<bool>());
            Assert.Equal(made.History.Select(h => h.ValidationLoss), loaded.History.Select(h => h.ValidationLoss));
            Assert.False(other.Loaded);
            Assert.Contains("another recipe", other.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
