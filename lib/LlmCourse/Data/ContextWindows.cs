using LlmCourse.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Data;

/// <summary>A name becomes (context, next character) pairs: the last <c>blockSize</c> characters predict the next one.</summary>
/// <remarks>
/// The context starts as all boundary tokens ("..."), and the name ends by predicting the boundary, so "emma" with
/// block size 3 gives "..."→e, "..e"→m, ".em"→m, "emm"→a, "mma"→'.'. Bengio et al. (2003), section 2; makemore part 2.
/// </remarks>
public static class ContextWindows
{
    /// <summary>The pairs as text, for showing: ("...", 'e'), ("..e", 'm'), …</summary>
    public static IReadOnlyList<(string Context, char Next)> Pairs(string name, CharVocabulary vocabulary, int blockSize)
    {
        var pairs = new List<(string, char)>();
        foreach (var (context, next) in Indices(name, vocabulary, blockSize, "the caller"))
            pairs.Add((vocabulary.Decode(context), vocabulary.CharAt(next)));
        return pairs;
    }

    /// <summary>Every window of every name as tensors: contexts (N, blockSize) and next characters (N), both int64.</summary>
    public static (Tensor Contexts, Tensor Targets) Build(
        IEnumerable<string> names, CharVocabulary vocabulary, int blockSize, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        var contexts = new List<long>();
        var targets = new List<long>();
        int nameNumber = 0;
        foreach (string name in names)
        {
            nameNumber++;
            foreach (var (context, next) in Indices(name, vocabulary, blockSize, $"name {nameNumber}"))
            {
                contexts.AddRange(context);
                targets.Add(next);
            }
        }
        var x = tensor(contexts.ToArray(), dtype: ScalarType.Int64, device: device)
            .reshape(-1, blockSize);                                 // (N * blockSize) -> (N, blockSize)
        var y = tensor(targets.ToArray(), dtype: ScalarType.Int64, device: device);   // (N)
        return (x, y);
    }

    private static IEnumerable<(long[] Context, long Next)> Indices(string name, CharVocabulary vocabulary, int blockSize, string source)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (blockSize < 1)
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "The block size (context length) must be at least 1.");
        int boundary = vocabulary.IndexOf(CharVocabulary.Boundary);
        var window = Enumerable.Repeat((long)boundary, blockSize).ToArray();   // "..." before the first letter
        foreach (int next in vocabulary.Encode(name, source).Append(boundary))  // every letter, then "end here"
        {
            yield return (window.ToArray(), next);
            // Slide: drop the oldest character, append the one just predicted.
            Array.Copy(window, 1, window, 0, blockSize - 1);
            window[blockSize - 1] = next;
        }
    }
}
