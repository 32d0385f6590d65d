using LlmCourse.Data;
using LlmCourse.Translation;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Translation;

[Collection("Sequential")]
public sealed class TranslatorTests
{
    private static readonly SentencePair[] Pairs =
    [
        new("I am tired.", "Ich bin müde."),
        new("Tom is here.", "Tom ist hier."),
        new("We go tomorrow.", "Wir fahren morgen ab."),
        new("Who is that?", "Wer ist das?"),
    ];

    private static (Translator Translator, TranslationModel Model, WordVocabulary Source, WordVocabulary Target) Build(int seed)
    {
        var source = WordVocabulary.Build(Pairs.Select(p => p.Source));
        var target = WordVocabulary.Build(Pairs.Select(p => p.Target));
        manual_seed(seed);
        var model = new TranslationModel(TranslationConfig.Tiny(source.Size, target.Size));
        return (new Translator(model, source, target), model, source, target);
    }

    [Fact]
    public void Train_FourPairs_GreedyAndBeamDecodeThemExactly()
    {
        var (translator, model, source, target) = Build(seed: 3);
        var batches = new TranslationBatches(Pairs, source, target, maxLength: 16);
        var optimizer = model.CreateOptimizer(3e-3, weightDecay: 0.0);
        double first = 0, last = 0;
        model.train();
        for (int step = 0; step < 150; step++)
        {
            using var scope = NewDisposeScope();
            using var batch = batches.Batch([0, 1, 2, 3]);
            var loss = model.Loss(batch.Source, batch.TargetInput, batch.TargetOutput);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            if (step == 0)
                first = last;
        }

        Assert.True(last < 0.05 * first, $"loss fell from {first:F3} to {last:F3}");
        var sentences = Pairs.Select(p => p.Source).ToList();
        Assert.Equal(Pairs.Select(p => p.Target), translator.Greedy(sentences));
        Assert.Equal(Pairs.Select(p => p.Target), translator.Beam(sentences, width: 3));
    }

    [Fact]
    public void BeamIds_WidthOne_EqualsGreedy()
    {
        var (translator, _, _, _) = Build(seed: 5);
        var sentences = Pairs.Select(p => p.Source).ToList();

        var greedy = translator.GreedyIds(sentences, maxNewTokens: 8);
        for (int i = 0; i < sentences.Count; i++)
            Assert.Equal(greedy[i], translator.BeamIds(sentences[i], width: 1, maxNewTokens: 8));
    }

    [Fact]
    public void CrossAttention_RowsAreDistributionsOverSourceWords()
    {
        var (translator, _, _, target) = Build(seed: 7);
        var ids = target.Encode("Tom ist hier.");                                  // 4 words

        using var weights = translator.CrossAttention("Tom is here.", ids);        // (T, S) = (4 + 1 with BOS, 4)
        Assert.Equal([5L, 4], weights.shape);
        Assert.True((weights.sum(1) - 1).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void Batch_TeacherForcing_ShiftsTheTargetByOne()
    {
        var source = WordVocabulary.Build(Pairs.Select(p => p.Source));
        var target = WordVocabulary.Build(Pairs.Select(p => p.Target));
        var batches = new TranslationBatches(Pairs, source, target, maxLength: 16);
        using var batch = batches.Batch([0, 2]);                                   // "Ich bin müde ." and "Wir fahren morgen ab ."

        Assert.Equal([2L, 4], batch.Source.shape);                                 // "We go tomorrow ." is the longer: 4
        Assert.Equal([2L, 6], batch.TargetInput.shape);                            // BOS + 5 words
        Assert.Equal(batch.TargetInput[.., 1..].data<long>().ToArray(), batch.TargetOutput[.., ..^1].data<long>().ToArray());
        Assert.Equal(WordVocabulary.Bos, batch.TargetInput[0, 0].item<long>());
        Assert.Equal([WordVocabulary.Eos, WordVocabulary.Pad], batch.TargetOutput[0, 4..].data<long>().ToArray());   // short row padded
        Assert.Equal(WordVocabulary.Eos, batch.TargetOutput[1, 5].item<long>());
    }

    [Fact]
    public void Epoch_CoversEveryPairOnce()
    {
        var pairs = Enumerable.Range(0, 103).Select(i => new SentencePair($"w{i}", string.Join(' ', Enumerable.Repeat("x", 1 + i % 7)))).ToArray();
        var vocabulary = WordVocabulary.Build(pairs.Select(p => p.Source));
        var batches = new TranslationBatches(pairs, vocabulary, vocabulary, maxLength: 16);

        var epoch = batches.Epoch(batchSize: 10, new Random(1)).ToList();

        Assert.Equal(Enumerable.Range(0, 103), epoch.SelectMany(b => b).Order());
        Assert.All(epoch, b => Assert.True(b.Length <= 10));
    }
}
