using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Decoding;

/// <summary>The last step of every strategy: turn (B, V) logits into one token id per row, by argmax or by a seeded draw.</summary>
public static class TokenChoice
{
    /// <summary>Greedy decoding: the most likely token of each row, (B, V) → (B) int64; ties go to the lowest token id.</summary>
    public static Tensor Greedy(Tensor logits)
    {
        LogitsGuard.Require(logits, nameof(logits));
        return logits.argmax(-1);                                // (B, V) -> (B); argmax returns the first of equal maxima
    }

    /// <summary>
    /// One token per row drawn from softmax(logits), (B, V) → (B) int64, by <paramref name="generator"/>: the same seed
    /// gives the same tokens. Tokens at −inf (filtered out) have probability 0 and are never drawn.
    /// </summary>
    public static Tensor Sample(Tensor logits, Generator generator)
    {
        LogitsGuard.Require(logits, nameof(logits));
        ArgumentNullException.ThrowIfNull(generator);
        using var scope = NewDisposeScope();
        // The draw happens where the generator lives (a CPU generator gives the same tokens whatever device the model
        // is on); the ids then go back to the logits' device, where the next step's input is built.
        var probabilities = logits.softmax(-1).to(generator.device);              // (B, V)
        var drawn = probabilities.multinomial(1, generator: generator).squeeze(-1); // (B, 1) -> (B)
        return drawn.to(logits.device).MoveToOuterDisposeScope();
    }
}
