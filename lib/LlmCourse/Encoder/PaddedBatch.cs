using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Encoder;

/// <summary>Sequences of different lengths as one (B, T) id tensor and its (B, T) key mask, true where a real token is.</summary>
public sealed record PaddedBatch(Tensor Ids, Tensor KeyMask)
{
    /// <summary>
    /// Right-pads every sequence with <paramref name="padId"/> up to the longest one (or to <paramref name="length"/>):
    /// padding each batch only to its own longest sequence, not to a global maximum, saves most of the work on short texts.
    /// </summary>
    public static PaddedBatch Create(IReadOnlyList<int[]> sequences, int padId, int? length = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
            throw new ArgumentException("A batch needs at least one sequence.", nameof(sequences));
        int longest = sequences.Max(s => s.Length);
        int width = length ?? longest;
        if (longest == 0 || width < longest)
            throw new ArgumentException($"Sequences must be non-empty and at most {width} long; the longest is {longest}.", nameof(sequences));

        var ids = new long[sequences.Count * width];
        var real = new bool[sequences.Count * width];
        for (int b = 0; b < sequences.Count; b++)
        {
            for (int t = 0; t < width; t++)
            {
                bool inside = t < sequences[b].Length;
                ids[b * width + t] = inside ? sequences[b][t] : padId;
                real[b * width + t] = inside;
            }
        }
        return new PaddedBatch(
            tensor(ids, [sequences.Count, width], device: device),       // (B, T) int64
            tensor(real, [sequences.Count, width], device: device));     // (B, T) bool
    }

    /// <summary>Sequences in the batch.</summary>
    public long Size => Ids.shape[0];

    /// <summary>Positions per sequence, padding included.</summary>
    public long Length => Ids.shape[1];
}
