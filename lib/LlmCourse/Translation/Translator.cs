using LlmCourse.Decoding;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Translation;

/// <summary>Greedy and beam-search decoding for a <see cref="TranslationModel"/>: the encoder runs once per sentence.</summary>
/// <remarks>
/// Decoding starts from BOS and appends one word at a time until EOS or <c>maxNewTokens</c>. The encoder's output does not
/// change while the target grows, so it is computed once and only the decoder runs per step (it recomputes its short
/// prefix; sentences here are too short for a KV cache to pay). Beam search is notebook 08's <see cref="BeamSearch"/>,
/// given a <see cref="NextTokenModel"/> that decodes against the memory copied once per live beam.
/// </remarks>
public sealed class Translator
{
    private readonly TranslationModel _model;
    private readonly WordVocabulary _source;
    private readonly WordVocabulary _target;

    public Translator(TranslationModel model, WordVocabulary source, WordVocabulary target)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _target = target ?? throw new ArgumentNullException(nameof(target));
    }

    private Device Device => _model.parameters().First().device;

    /// <summary>Greedy translations of many sentences, <paramref name="batchSize"/> at a time: target ids, no BOS, EOS dropped.</summary>
    public IReadOnlyList<long[]> GreedyIds(IReadOnlyList<string> sentences, int maxNewTokens = 40, int batchSize = 100)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        _model.eval();
        var results = new List<long[]>(sentences.Count);
        foreach (var chunk in sentences.Chunk(batchSize))
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var (memory, mask) = _model.Encode(SourceTensor(chunk));                  // once per sentence: (B, S, C), (B, S)
            var ids = full(chunk.Length, 1, WordVocabulary.Bos, ScalarType.Int64, Device);   // (B, 1): BOS
            var done = zeros(chunk.Length, ScalarType.Bool, Device);                     // (B)
            for (int step = 0; step < maxNewTokens && !done.all().item<bool>(); step++)
            {
                var logits = _model.Decode(ids, memory, mask)[.., -1, ..];               // (B, t, V) -> (B, V): the last position
                var next = logits.argmax(-1).masked_fill(done, WordVocabulary.Pad);      // (B); finished rows only get PAD
                ids = cat([ids, next.unsqueeze(1)], 1);                                  // (B, t) -> (B, t + 1)
                done = done.logical_or(next.eq(WordVocabulary.Eos));
            }
            var rows = ids.cpu().data<long>().ToArray();
            int width = (int)ids.shape[1];
            for (int b = 0; b < chunk.Length; b++)
                results.Add(rows.Skip(b * width + 1).Take(width - 1).TakeWhile(t => t != WordVocabulary.Eos && t != WordVocabulary.Pad).ToArray());
        }
        return results;
    }

    /// <summary>Greedy translations as text.</summary>
    public IReadOnlyList<string> Greedy(IReadOnlyList<string> sentences, int maxNewTokens = 40) =>
        GreedyIds(sentences, maxNewTokens).Select(_target.Decode).ToList();

    /// <summary>Beam search for one sentence with <paramref name="width"/> beams: the best target ids, no BOS, EOS dropped.</summary>
    public long[] BeamIds(string sentence, int width, int maxNewTokens = 40, double lengthPenalty = 0.0)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        _model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (memory, mask) = _model.Encode(SourceTensor([sentence]));                    // (1, S, C), (1, S): once
        NextTokenModel next = ids =>
        {
            long beams = ids.shape[0];                                                  // (L, t): one row per live beam
            var logits = _model.Decode(ids, memory.expand(beams, -1, -1), mask.expand(beams, -1));   // (L, t, V)
            return logits[.., -1, ..];                                                  // (L, V)
        };
        var bos = tensor(new[] { WordVocabulary.Bos }, device: Device).view(1, 1);         // (1, 1)
        var result = BeamSearch.Run(next, bos, width, maxNewTokens, WordVocabulary.Eos, lengthPenalty);
        return result.Best.Continuation.TakeWhile(t => t != WordVocabulary.Eos).ToArray();
    }

    /// <summary>Beam-search translations as text, one sentence at a time.</summary>
    public IReadOnlyList<string> Beam(IReadOnlyList<string> sentences, int width, int maxNewTokens = 40, double lengthPenalty = 0.0) =>
        sentences.Select(s => _target.Decode(BeamIds(s, width, maxNewTokens, lengthPenalty))).ToList();

    /// <summary>
    /// The cross-attention of one translation: decodes <paramref name="targetIds"/> (no BOS) after BOS and returns the weights
    /// (T, S) averaged over the heads of decoder block <paramref name="layer"/> (−1: the last), row t = the step that
    /// predicted target word t, column s = source word s.
    /// </summary>
    public Tensor CrossAttention(string sentence, IReadOnlyList<long> targetIds, int layer = -1)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(targetIds);
        _model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (memory, mask) = _model.Encode(SourceTensor([sentence]));
        var input = tensor([WordVocabulary.Bos, .. targetIds], device: Device).view(1, -1);   // (1, T)
        var (_, weights) = _model.DecodeWithWeights(input, memory, mask);               // each (1, nh, T, S)
        int index = layer < 0 ? weights.Length + layer : layer;
        return weights[index][0].mean([0]).cpu().MoveToOuterDisposeScope();            // (1, nh, T, S) -> (nh, T, S) -> (T, S)
    }

    private Tensor SourceTensor(IReadOnlyList<string> sentences)
    {
        var rows = sentences.Select(s => _source.Encode(s).Take(_model.Config.MaxLength).ToArray()).ToArray();
        int width = Math.Max(1, rows.Max(r => r.Length));
        var values = new long[rows.Length * width];                                       // PAD = 0 first
        for (int b = 0; b < rows.Length; b++)
            Array.Copy(rows[b], 0, values, b * width, rows[b].Length);
        return tensor(values, device: Device).view(rows.Length, width);                  // (B, S)
    }
}
