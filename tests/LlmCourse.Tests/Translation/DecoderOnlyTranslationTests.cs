using LlmCourse.Data;
using LlmCourse.Gpt;
using LlmCourse.Translation;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Tests.Translation;

[Collection("Sequential")]
public sealed class DecoderOnlyTranslationTests
{
    private static readonly SentencePair[] Pairs =
    [
        new("I am tired.", "Ich bin müde."),
        new("Tom is here.", "Tom ist hier."),
        new("We go tomorrow.", "Wir fahren morgen ab."),
        new("Who is that?", "Wer ist das?"),
    ];

    private static JointVocabulary Vocabulary() => new(
        WordVocabulary.Build(Pairs.Select(p => p.Source)), WordVocabulary.Build(Pairs.Select(p => p.Target)));

    private static GptModel TinyModel(JointVocabulary vocabulary, int seed)
    {
        manual_seed(seed);
        return new GptModel(new GptConfig(vocabulary.Size, BlockSize: 24, NLayer: 2, NHead: 2, NEmbd: 32));
    }

    [Fact]
    public void JointVocabulary_SourceThenTargetThenSeparator()
    {
        var v = Vocabulary();

        Assert.Equal(v.Source.Size + v.Target.Size + 1, v.Size);
        Assert.Equal(v.Size - 1, v.Separator);
        Assert.Equal(v.Source.Size + WordVocabulary.Eos, v.TargetEos);
        long müde = v.Target.Encode("müde")[0];
        Assert.Equal(müde, v.ToTarget(v.FromTarget(müde)));
        Assert.True(v.IsTarget(v.FromTarget(müde)));
        Assert.False(v.IsTarget(v.Source.Encode("tired")[0]));
        Assert.False(v.IsTarget(v.Separator));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.ToTarget(v.Separator));
        Assert.Equal("⟨sep⟩", v.Word(v.Separator));
        Assert.Equal("de:müde", v.Word(v.FromTarget(müde), "de:"));
    }

    [Fact]
    public void Prompt_IsTheSourceIdsThenSeparator_CutToMaxLength()
    {
        var v = Vocabulary();

        Assert.Equal([.. v.Source.Encode("Who is that?"), v.Separator], v.Prompt("Who is that?", maxLength: 16));
        Assert.Equal([.. v.Source.Encode("Who is that?").Take(2), v.Separator], v.Prompt("Who is that?", maxLength: 2));
    }

    [Fact]
    public void Batch_PacksSourceSeparatorTargetEos_AndMasksAllButTheTranslation()
    {
        var v = Vocabulary();
        var batches = new SeparatorBatches(Pairs, v, maxLength: 16);
        using var batch = batches.Batch([0, 2]);              // "I am tired ." (4) + 4 German + EOS; "We go tomorrow ." (4) + 5 German + EOS

        long[] sequence = [.. v.Source.Encode("We go tomorrow."), v.Separator, .. v.Target.Encode("Wir fahren morgen ab.").Select(v.FromTarget), v.TargetEos];
        Assert.Equal(sequence, batches.Sequence(2));
        Assert.Equal([2L, sequence.Length - 1], batch.Input.shape);
        Assert.Equal(sequence[..^1], batch.Input[1].data<long>().ToArray());
        // Row 1: positions 0 … 3 ("We go tomorrow .") predict source words or ⟨sep⟩ and are masked; from ⟨sep⟩ (position 4) on, the next token.
        long ignore = SeparatorBatches.IgnoreIndex;
        Assert.Equal(4, Array.IndexOf(sequence, v.Separator));
        Assert.Equal([ignore, ignore, ignore, ignore, .. sequence[5..]], batch.Target[1].data<long>().ToArray());
        // Row 0 is one token shorter: padded with 0 on the input and masked on the target.
        Assert.Equal(0L, batch.Input[0, -1].item<long>());
        Assert.Equal(ignore, batch.Target[0, -1].item<long>());
        Assert.Equal(v.TargetEos, batch.Target[0, -2].item<long>());
    }

    [Fact]
    public void Batch_CountsExactlyTheTokensTheEncoderDecoderScores()
    {
        var v = Vocabulary();
        using var separated = new SeparatorBatches(Pairs, v, maxLength: 16).Batch([0, 1, 2, 3]);
        using var teacherForced = new TranslationBatches(Pairs, v.Source, v.Target, maxLength: 16).Batch([0, 1, 2, 3]);

        long scored = separated.Target.ne(SeparatorBatches.IgnoreIndex).sum().item<long>();
        Assert.Equal(teacherForced.TargetOutput.ne(WordVocabulary.Pad).sum().item<long>(), scored);   // German words + EOS, both ways
        // And they are the same tokens, in the same order, in the joint ids.
        var fromSeparated = separated.Target.data<long>().Where(t => t != SeparatorBatches.IgnoreIndex).Select(v.ToTarget);
        var fromTeacherForced = teacherForced.TargetOutput.data<long>().Where(t => t != WordVocabulary.Pad);
        Assert.Equal(fromTeacherForced, fromSeparated);
    }

    [Fact]
    public void Loss_IgnoresTheSourcePart()
    {
        var v = Vocabulary();
        using var scope = NewDisposeScope();
        var model = TinyModel(v, seed: 2);
        var translator = new DecoderOnlyTranslator(model, v, maxLength: 16);
        using var batch = new SeparatorBatches(Pairs, v, maxLength: 16).Batch([0, 1]);
        model.eval();

        double loss = translator.Loss(batch).item<float>();
        // The same loss by hand, over the unmasked positions only.
        var logProbabilities = model.call(batch.Input).log_softmax(-1);                     // (B, L, V)
        var keep = batch.Target.ne(SeparatorBatches.IgnoreIndex);
        var picked = logProbabilities.gather(-1, batch.Target.clamp_min(0).unsqueeze(-1)).squeeze(-1);   // (B, L)
        double byHand = -(picked.masked_select(keep).mean().item<float>());
        Assert.Equal(byHand, loss, 4);
        // With label smoothing, against libtorch's cross-entropy over every position's logits with ignore_index.
        var everyPosition = F.cross_entropy(model.call(batch.Input).reshape(-1, v.Size), batch.Target.reshape(-1),
            ignore_index: SeparatorBatches.IgnoreIndex, label_smoothing: 0.1).item<float>();
        Assert.Equal(everyPosition, translator.Loss(batch, labelSmoothing: 0.1).item<float>(), 5);
        // Changing a source word's target cannot change it: those positions are masked.
        batch.Target[0, 0] = tensor(SeparatorBatches.IgnoreIndex);
        Assert.Equal(loss, translator.Loss(batch).item<float>(), 6);
    }

    [Fact]
    public void Greedy_WithAndWithoutCache_GiveTheSameTargetTokens()
    {
        var v = Vocabulary();
        using var scope = NewDisposeScope();
        var translator = new DecoderOnlyTranslator(TinyModel(v, seed: 4), v, maxLength: 16);
        var sentences = Pairs.Select(p => p.Source).ToList();

        var cached = translator.GreedyIds(sentences, maxNewTokens: 6);
        var uncached = translator.GreedyIds(sentences, maxNewTokens: 6, useCache: false);

        Assert.Equal(cached, uncached);
        Assert.All(cached, ids => Assert.All(ids, id => Assert.InRange(id, WordVocabulary.Unk, v.Target.Size - 1)));
        Assert.True(translator.LastDecoding.Steps > 0);
    }

    [Fact]
    public void Train_FourPairs_GreedyTranslatesThemExactly()
    {
        var v = Vocabulary();
        using var scope = NewDisposeScope();
        var model = TinyModel(v, seed: 3);
        var translator = new DecoderOnlyTranslator(model, v, maxLength: 16);
        var batches = new SeparatorBatches(Pairs, v, maxLength: 16);
        var optimizer = model.CreateOptimizer(3e-3, weightDecay: 0.0);
        double first = 0, last = 0;
        model.train();
        for (int step = 0; step < 150; step++)
        {
            using var stepScope = NewDisposeScope();
            using var batch = batches.Batch([0, 1, 2, 3]);
            var loss = translator.Loss(batch);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            if (step == 0)
                first = last;
        }

        Assert.True(last < 0.05 * first, $"loss fell from {first:F3} to {last:F3}");
        Assert.Equal(Pairs.Select(p => p.Target), translator.Greedy(Pairs.Select(p => p.Source).ToList()));
        Assert.Equal(0, translator.LastDecoding.OutsideTarget);
    }

    [Fact]
    public void Constructor_WrongVocabularySize_Throws()
    {
        var v = Vocabulary();
        using var scope = NewDisposeScope();
        manual_seed(1);
        var model = new GptModel(new GptConfig(v.Size + 1, BlockSize: 8, NLayer: 1, NHead: 1, NEmbd: 8));
        Assert.Throws<ArgumentException>(() => new DecoderOnlyTranslator(model, v, maxLength: 4));
    }
}
