namespace LlmCourse.Encoder;

/// <summary>The sizes of an <see cref="EncoderClassifier"/>: vocabulary (BPE + [PAD] + [CLS]), longest input, depth, width.</summary>
/// <param name="VocabSize">Ids the embedding table holds, special tokens included (<see cref="ClassifierVocabulary.Size"/>).</param>
/// <param name="MaxLength">Most positions one input may have, [CLS] included: the rows of the position table.</param>
/// <param name="Classes">Outputs of the head: 2 for positive/negative.</param>
/// <param name="Dropout">Dropout on the embeddings and on what each sub-layer adds to the residual stream.</param>
/// <param name="AttentionDropout">Dropout on the attention weights; null: the same as <paramref name="Dropout"/>
/// (BERT's and nanoGPT's choice). 0 keeps libtorch on its fused attention kernel, which has no dropout on the CPU.</param>
public sealed record EncoderConfig(int VocabSize, int MaxLength = 256, int NLayer = 2, int NHead = 4, int NEmbd = 64,
    double Dropout = 0.1, int Classes = 2, double? AttentionDropout = null)
{
    /// <summary>The dropout rate actually applied to the attention weights.</summary>
    public double AttentionWeightDropout => AttentionDropout ?? Dropout;

    /// <summary>Throws with the offending sizes when they cannot make a model.</summary>
    public EncoderConfig Validate()
    {
        if (VocabSize < 3 || MaxLength < 2 || NLayer < 1 || NHead < 1 || NEmbd < 1 || NEmbd % NHead != 0 || Classes < 2
            || Dropout < 0 || Dropout >= 1 || AttentionWeightDropout < 0 || AttentionWeightDropout >= 1)
            throw new ArgumentException($"Cannot build an encoder from {this}: need VocabSize ≥ 3, MaxLength ≥ 2, NLayer ≥ 1, "
                + "NEmbd a positive multiple of NHead, Classes ≥ 2 and 0 ≤ Dropout, AttentionDropout < 1.");
        return this;
    }
}
