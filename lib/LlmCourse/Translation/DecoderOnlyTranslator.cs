using LlmCourse.Gpt;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Translation;

/// <summary>
/// Translation with a decoder-only <see cref="GptModel"/> over a <see cref="JointVocabulary"/>: the loss of
/// <see cref="SeparatorBatches"/> for training, and greedy decoding that continues "source ⟨sep⟩" until the target's ⟨eos⟩.
/// </summary>
/// <remarks>
/// Greedy decoding picks the most likely <em>target</em> token (the target's words, UNK and ⟨eos⟩): a decoder-only model
/// scores source words and ⟨sep⟩ too, and nothing but training stops it from continuing in the wrong language. How often
/// the unrestricted choice would have left the target language is counted, so the restriction's effect is visible.
/// With the KV cache (notebook 08) the prompt is run through the model once and every step feeds only the newest token;
/// without it, every step runs the whole sequence again, source included. The causal mask makes both compute the same
/// logits: a source position never sees what comes after it, so its keys and values never change.
/// </remarks>
public sealed class DecoderOnlyTranslator
{
    private readonly GptModel _model;
    private readonly int _maxLength;

    /// <param name="maxLength">Sources are cut to this many tokens, as in training (<see cref="SeparatorBatches"/>).</param>
    public DecoderOnlyTranslator(GptModel model, JointVocabulary vocabulary, int maxLength)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        Vocabulary = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (model.Config.VocabSize != vocabulary.Size)
            throw new ArgumentException($"The model has {model.Config.VocabSize} tokens but the joint vocabulary {vocabulary.Size}.", nameof(model));
        _maxLength = maxLength;
    }

    public JointVocabulary Vocabulary { get; }

    /// <summary>Steps of the last <see cref="GreedyIds"/> call, and how many of them would have chosen a non-target token unrestricted.</summary>
    public (long Steps, long OutsideTarget) LastDecoding { get; private set; }

    private Device Device => _model.parameters().First().device;

    /// <summary>
    /// Mean cross-entropy of the next-token predictions against <paramref name="batch"/>'s targets, the masked positions
    /// (source words, padding) skipped; optionally label-smoothed over the whole joint vocabulary.
    /// </summary>
    public Tensor Loss(SeparatorBatch batch, double labelSmoothing = 0.0)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        var logits = _model.call(batch.Input);                                            // (B, L, V)
        var loss = F.cross_entropy(logits.reshape(-1, logits.shape[^1]), batch.Target.reshape(-1),   // (B·L, V), (B·L)
            ignore_index: SeparatorBatches.IgnoreIndex, label_smoothing: labelSmoothing);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Greedy translations: target-vocabulary ids, ⟨eos⟩ dropped. Sentences whose prompts have the same length are decoded
    /// together, <paramref name="batchSize"/> at a time, so no prompt needs padding.
    /// </summary>
    public IReadOnlyList<long[]> GreedyIds(IReadOnlyList<string> sentences, int maxNewTokens = 40, bool useCache = true, int batchSize = 100)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNewTokens, 1);
        _model.eval();
        var prompts = sentences.Select(s => Vocabulary.Prompt(s, _maxLength)).ToArray();
        var results = new long[sentences.Count][];
        long steps = 0, outside = 0;
        using var allowed = TargetTokens();                                               // (V) bool
        var groups = Enumerable.Range(0, prompts.Length).GroupBy(i => prompts[i].Length).SelectMany(g => g.Chunk(batchSize));
        foreach (var group in groups)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            int promptLength = prompts[group[0]].Length;
            int newTokens = Math.Min(maxNewTokens, _model.Config.BlockSize - promptLength);
            if (newTokens < 1)
                throw new ArgumentException($"A prompt of {promptLength} tokens leaves no room in the model's context of {_model.Config.BlockSize}.");
            var ids = tensor(group.SelectMany(i => prompts[i]).ToArray(), device: Device).view(group.Length, promptLength);   // (B, P)
            var done = zeros(group.Length, ScalarType.Bool, Device);                       // (B)
            using var cache = useCache ? _model.CreateCache() : null;
            var logits = useCache ? _model.ForwardCached(ids, cache!) : _model.call(ids);   // (B, P, V)
            for (int step = 0; step < newTokens; step++)
            {
                var last = logits[.., -1, ..];                                              // (B, P + step, V) -> (B, V)
                var next = last.masked_fill(allowed.logical_not(), double.NegativeInfinity).argmax(-1);   // (B): the best target token
                var live = done.logical_not();
                steps += live.sum().item<long>();
                outside += last.argmax(-1).ne(next).logical_and(live).sum().item<long>();
                next = next.masked_fill(done, Vocabulary.TargetEos);                       // finished rows only repeat ⟨eos⟩
                ids = cat([ids, next.unsqueeze(1)], 1);                                    // (B, t) -> (B, t + 1)
                done = done.logical_or(next.eq(Vocabulary.TargetEos));
                if (done.all().item<bool>() || step == newTokens - 1)
                    break;
                logits = useCache ? _model.ForwardCached(next.unsqueeze(1), cache!) : _model.call(ids);   // (B, 1, V) or (B, t + 1, V)
            }
            var rows = ids.cpu().data<long>().ToArray();
            int width = (int)ids.shape[1];
            for (int b = 0; b < group.Length; b++)
                results[group[b]] = rows.Skip(b * width + promptLength).Take(width - promptLength)
                    .TakeWhile(id => id != Vocabulary.TargetEos).Select(Vocabulary.ToTarget).ToArray();
        }
        LastDecoding = (steps, outside);
        return results;
    }

    /// <summary>Greedy translations as text.</summary>
    public IReadOnlyList<string> Greedy(IReadOnlyList<string> sentences, int maxNewTokens = 40, bool useCache = true) =>
        GreedyIds(sentences, maxNewTokens, useCache).Select(Vocabulary.Target.Decode).ToList();

    /// <summary>True for the tokens a translation may contain: the target's words, UNK and ⟨eos⟩ (not its PAD and BOS).</summary>
    private Tensor TargetTokens()
    {
        var mask = new bool[Vocabulary.Size];
        for (long id = Vocabulary.TargetEos; id < Vocabulary.Separator; id++)
            mask[id] = true;
        return tensor(mask, device: Device);
    }
}
