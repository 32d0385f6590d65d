using LlmCourse.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Encoder;

/// <summary>Labelled texts as token-id sequences ([CLS] first), ready to be cut into padded batches.</summary>
public sealed record EncodedTexts(IReadOnlyList<int[]> Sequences, IReadOnlyList<int> Labels, int PadId)
{
    /// <summary>Encodes every text with <paramref name="vocabulary"/>, cut to <paramref name="maxLength"/> ids (texts in parallel).</summary>
    public static EncodedTexts Create(IReadOnlyList<LabelledText> texts, ClassifierVocabulary vocabulary, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var sequences = new int[texts.Count][];
        Parallel.For(0, texts.Count, i => sequences[i] = vocabulary.Encode(texts[i].Text, maxLength));
        return new EncodedTexts(sequences, texts.Select(t => t.Label).ToArray(), vocabulary.PadId);
    }

    public int Count => Sequences.Count;

    /// <summary>The length of each sequence, [CLS] included.</summary>
    public IReadOnlyList<int> Lengths => Sequences.Select(s => s.Length).ToArray();

    /// <summary>The first <paramref name="count"/> examples (the files are already shuffled).</summary>
    public EncodedTexts Take(int count) =>
        new(Sequences.Take(count).ToArray(), Labels.Take(count).ToArray(), PadId);

    /// <summary>The examples at <paramref name="indices"/> as a padded batch and their labels (B) int64.</summary>
    public (PaddedBatch Batch, Tensor Labels) Batch(IReadOnlyList<int> indices, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var batch = PaddedBatch.Create(indices.Select(i => Sequences[i]).ToArray(), PadId, device: device);
        var labels = tensor(indices.Select(i => (long)Labels[i]).ToArray(), device: device);   // (B)
        return (batch, labels);
    }
}
