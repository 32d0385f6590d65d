namespace LlmCourse.Translation;

/// <summary>The sizes of an encoder-decoder transformer for translation.</summary>
/// <param name="SourceVocabSize">Source-language tokens, specials included.</param>
/// <param name="TargetVocabSize">Target-language tokens, specials included.</param>
/// <param name="NEmbd">Width C of every layer (d_model).</param>
/// <param name="NHead">Attention heads per attention layer; C must be a multiple of it.</param>
/// <param name="NEncoderLayers">Encoder blocks.</param>
/// <param name="NDecoderLayers">Decoder blocks.</param>
/// <param name="MaxLength">Longest sequence (source, or target with BOS) the positional table covers.</param>
/// <param name="Dropout">Dropout after attention and feed-forward layers and on the embeddings, in training only.</param>
public sealed record TranslationConfig(int SourceVocabSize, int TargetVocabSize, int NEmbd = 256, int NHead = 4,
    int NEncoderLayers = 3, int NDecoderLayers = 3, int MaxLength = 64, double Dropout = 0.1)
{
    /// <summary>A model small enough to train in seconds in a test: 2 + 2 blocks, 32 wide.</summary>
    public static TranslationConfig Tiny(int sourceVocabSize, int targetVocabSize) =>
        new(sourceVocabSize, targetVocabSize, NEmbd: 32, NHead: 2, NEncoderLayers: 2, NDecoderLayers: 2, MaxLength: 16, Dropout: 0.0);

    /// <summary>Vaswani et al. 2017's base model: 6 + 6 blocks, 512 wide, 8 heads, dropout 0.1.</summary>
    public static TranslationConfig Base(int sourceVocabSize, int targetVocabSize) =>
        new(sourceVocabSize, targetVocabSize, NEmbd: 512, NHead: 8, NEncoderLayers: 6, NDecoderLayers: 6, MaxLength: 256, Dropout: 0.1);
}
