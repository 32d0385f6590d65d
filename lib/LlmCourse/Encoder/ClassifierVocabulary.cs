using LlmCourse.Tokenization;

namespace LlmCourse.Encoder;

/// <summary>
/// A BPE tokenizer plus the two special tokens a classifier needs, [PAD] and [CLS], numbered after the BPE ids, and
/// optionally a third, [MASK], for masked-language-model pre-training.
/// </summary>
/// <remarks>
/// Devlin et al. 2019 (BERT) put a [CLS] token first in every input; its final hidden state is read as the summary of the
/// whole sequence. [PAD] fills shorter sequences up to the batch's length and is never attended to. Neither is a byte
/// sequence, so neither can come out of <see cref="BpeTokenizer.Encode"/>: they get the two ids after the BPE vocabulary.
/// [MASK] (BERT's too) replaces the tokens a masked language model must recover (<see cref="MlmMasking"/>); it takes the
/// next id, so a vocabulary with it encodes every text exactly as one without it, and only the embedding table grows by
/// a row.
/// </remarks>
public sealed class ClassifierVocabulary
{
    public ClassifierVocabulary(BpeTokenizer tokenizer, bool lowercase = true, bool withMask = false)
    {
        Tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        Lowercase = lowercase;
        HasMask = withMask;
    }

    public BpeTokenizer Tokenizer { get; }

    /// <summary>Whether texts are lower-cased before encoding: "Great" and "great" then share tokens, which a small dataset needs.</summary>
    public bool Lowercase { get; }

    /// <summary>[PAD]: the first id after the BPE vocabulary.</summary>
    public int PadId => Tokenizer.VocabSize;

    /// <summary>[CLS]: the second id after the BPE vocabulary.</summary>
    public int ClsId => Tokenizer.VocabSize + 1;

    /// <summary>Whether the vocabulary has a [MASK] token.</summary>
    public bool HasMask { get; }

    /// <summary>[MASK]: the third id after the BPE vocabulary, in a vocabulary made <c>withMask</c>.</summary>
    public int MaskId => HasMask
        ? Tokenizer.VocabSize + 2
        : throw new InvalidOperationException("This vocabulary has no [MASK] token; create it with withMask: true.");

    /// <summary>Ids in use: the BPE vocabulary and the special tokens (two, or three with [MASK]).</summary>
    public int Size => Tokenizer.VocabSize + (HasMask ? 3 : 2);

    /// <summary>[CLS] followed by the text's BPE ids, cut to at most <paramref name="maxLength"/> ids in all (the start is kept).</summary>
    public int[] Encode(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var ids = Tokenizer.Encode(Lowercase ? text.ToLowerInvariant() : text);
        int kept = Math.Min(ids.Length, maxLength - 1);
        var sequence = new int[kept + 1];
        sequence[0] = ClsId;
        Array.Copy(ids, 0, sequence, 1, kept);
        return sequence;
    }

    /// <summary>The text of one id: "[PAD]", "[CLS]" and "[MASK]" for the special ones.</summary>
    public string TokenText(int id) =>
        id == PadId ? "[PAD]" : id == ClsId ? "[CLS]" : HasMask && id == MaskId ? "[MASK]" : Tokenizer.TokenText(id);
}
