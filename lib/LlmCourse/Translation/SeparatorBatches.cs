using LlmCourse.Data;
using static TorchSharp.torch;

namespace LlmCourse.Translation;

/// <summary>
/// One padded batch of "source ⟨sep⟩ target ⟨eos⟩" sequences for a decoder-only model: inputs (B, L) and next-token
/// targets (B, L), where every position that does not predict a target word or ⟨eos⟩ holds <see cref="SeparatorBatches.IgnoreIndex"/>.
/// </summary>
public sealed record SeparatorBatch(Tensor Input, Tensor Target) : IDisposable
{
    public void Dispose()
    {
        Input.Dispose();
        Target.Dispose();
    }
}

/// <summary>
/// Sentence pairs packed for a decoder-only translator: each pair is one sequence x₁ … xₙ ⟨sep⟩ y₁ … yₘ ⟨eos⟩ in a
/// <see cref="JointVocabulary"/>, trained by next-token prediction with the loss on the translation only.
/// </summary>
/// <remarks>
/// The input is the sequence without its last token, the target the sequence moved one on (as a GPT is trained). The
/// targets of the positions x₁ … xₙ₋₁ (which predict the next source word, and ⟨sep⟩) are masked with
/// <see cref="IgnoreIndex"/>: the source is always given, so learning to predict it would spend the model on a task it
/// never performs, and the loss would no longer count the same thing as the encoder-decoder's, which scores exactly
/// y₁ … yₘ ⟨eos⟩. The position of ⟨sep⟩ predicts y₁, the last yₘ predicts ⟨eos⟩. Padding (joint id 0) goes on the
/// right, after the real tokens, where the causal mask already hides it; its targets are masked too.
/// Sources are cut to maxLength tokens and targets to maxLength words, as <see cref="TranslationBatches"/> cuts them.
/// </remarks>
public sealed class SeparatorBatches
{
    /// <summary>The target id cross_entropy skips (libtorch's default ignore_index).</summary>
    public const long IgnoreIndex = -100;

    private readonly long[][] _sequences;    // x₁ … xₙ ⟨sep⟩ y₁ … yₘ ⟨eos⟩, joint ids
    private readonly int[] _separatorAt;     // the index of ⟨sep⟩ in each sequence

    public SeparatorBatches(IReadOnlyList<SentencePair> pairs, JointVocabulary vocabulary, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        Vocabulary = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        _sequences = new long[pairs.Count][];
        _separatorAt = new int[pairs.Count];
        for (int i = 0; i < pairs.Count; i++)
        {
            var prompt = vocabulary.Prompt(pairs[i].Source, maxLength);                  // x₁ … xₙ ⟨sep⟩
            var translation = vocabulary.Target.Encode(pairs[i].Target).Take(maxLength)
                .Select(vocabulary.FromTarget).Append(vocabulary.TargetEos);              // y₁ … yₘ ⟨eos⟩
            _sequences[i] = [.. prompt, .. translation];
            _separatorAt[i] = prompt.Length - 1;
        }
        Longest = _sequences.Max(s => s.Length);
    }

    public JointVocabulary Vocabulary { get; }

    /// <summary>Pairs held.</summary>
    public int Count => _sequences.Length;

    /// <summary>The longest packed sequence, ⟨sep⟩ and ⟨eos⟩ included: a model's context must hold Longest − 1 positions.</summary>
    public int Longest { get; }

    /// <summary>The packed sequence of pair <paramref name="index"/>, joint ids.</summary>
    public long[] Sequence(int index) => _sequences[index];

    /// <summary>The pairs at <paramref name="indices"/>: inputs (B, L) padded with 0, targets (B, L) with the source part and padding masked.</summary>
    public SeparatorBatch Batch(IReadOnlyList<int> indices, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int rows = indices.Count;
        int width = indices.Max(i => _sequences[i].Length) - 1;                          // L: a sequence of n + 1 tokens gives n predictions
        var input = new long[rows * width];                                              // PAD = 0 everywhere first
        var target = Enumerable.Repeat(IgnoreIndex, rows * width).ToArray();             // masked everywhere first
        for (int b = 0; b < rows; b++)
        {
            var sequence = _sequences[indices[b]];
            for (int t = 0; t < sequence.Length - 1; t++)
            {
                input[b * width + t] = sequence[t];
                if (t >= _separatorAt[indices[b]])                                       // ⟨sep⟩ and after: predicts y₁ … ⟨eos⟩
                    target[b * width + t] = sequence[t + 1];
            }
        }
        return new SeparatorBatch(
            tensor(input, device: device).view(rows, width),                             // (B·L) -> (B, L)
            tensor(target, device: device).view(rows, width));
    }
}
