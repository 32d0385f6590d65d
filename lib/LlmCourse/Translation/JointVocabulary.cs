namespace LlmCourse.Translation;

/// <summary>
/// One id space for a decoder-only translator: the source vocabulary's ids as they are, the target vocabulary's ids
/// shifted past them, and one more id, ⟨sep⟩, that ends the source and tells the model to start translating.
/// </summary>
/// <remarks>
/// A decoder-only model reads "source ⟨sep⟩ target ⟨eos⟩" as one sequence (Liu et al. 2018, "Generating Wikipedia by
/// Summarizing Long Sequences", ICLR 2018, whose decoder-only "T-D" model does this; Radford et al. 2019 §3.7 prompt GPT-2 the same way), so both languages need ids in
/// one table. Keeping the two word vocabularies of the encoder-decoder, side by side, gives both models the very same
/// tokens: the same word in the same sentence is cut the same way, and the same words are unknown.
/// Layout: [0, Vs) source (its PAD = 0 pads joint sequences), [Vs, Vs + Vt) target, Vs + Vt = ⟨sep⟩.
/// </remarks>
public sealed class JointVocabulary
{
    public JointVocabulary(WordVocabulary source, WordVocabulary target)
    {
        Source = source ?? throw new ArgumentNullException(nameof(source));
        Target = target ?? throw new ArgumentNullException(nameof(target));
    }

    public WordVocabulary Source { get; }

    public WordVocabulary Target { get; }

    /// <summary>Vs + Vt + 1: every source id, every target id and ⟨sep⟩.</summary>
    public int Size => Source.Size + Target.Size + 1;

    /// <summary>Where the target ids start: the joint id of target id t is TargetOffset + t.</summary>
    public long TargetOffset => Source.Size;

    /// <summary>⟨sep⟩, the last id: between the source sentence and its translation.</summary>
    public long Separator => Source.Size + Target.Size;

    /// <summary>The target's ⟨eos⟩ as a joint id: the end of a translation.</summary>
    public long TargetEos => TargetOffset + WordVocabulary.Eos;

    /// <summary>The joint id of target-vocabulary id <paramref name="targetId"/>.</summary>
    public long FromTarget(long targetId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetId);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(targetId, Target.Size);
        return TargetOffset + targetId;
    }

    /// <summary>Whether joint id <paramref name="id"/> is a target-language token (any of the target's ids, specials included).</summary>
    public bool IsTarget(long id) => id >= TargetOffset && id < Separator;

    /// <summary>The target-vocabulary id of joint id <paramref name="id"/>; throws when it is a source id or ⟨sep⟩.</summary>
    public long ToTarget(long id) => IsTarget(id)
        ? id - TargetOffset
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"Joint id {id} is not a target token (those are {TargetOffset} … {Separator - 1}).");

    /// <summary>What a decoder-only translator is given: the source sentence's ids, cut to <paramref name="maxLength"/>, then ⟨sep⟩.</summary>
    public long[] Prompt(string sentence, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        return [.. Source.Encode(sentence).Take(maxLength), Separator];
    }

    /// <summary>A joint id as a word: source words as they are, target words after "de:"-style <paramref name="targetPrefix"/>, ⟨sep⟩.</summary>
    public string Word(long id, string targetPrefix = "") =>
        id == Separator ? "⟨sep⟩" : IsTarget(id) ? targetPrefix + Target[id - TargetOffset] : Source[id];
}
