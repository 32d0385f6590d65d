namespace LlmCourse.LanguageModels;

/// <summary>The sizes of a <see cref="MlpLanguageModel"/>; the defaults are makemore part 2's final model.</summary>
public sealed record MlpConfig(
    int VocabSize,                 // tokens in and out: 27 for names (26 letters and '.')
    int BlockSize = 3,             // characters of context that predict the next one
    int EmbeddingSize = 10,        // numbers per character in the embedding table C
    int HiddenSize = 200)          // tanh neurons in the hidden layer
{
    /// <summary>Throws when a size is not positive, naming it.</summary>
    public MlpConfig Validate()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(VocabSize), VocabSize), (nameof(BlockSize), BlockSize),
                     (nameof(EmbeddingSize), EmbeddingSize), (nameof(HiddenSize), HiddenSize),
                 })
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
        }
        return this;
    }
}
