using System.Security.Cryptography;

namespace LlmCourse.Encoder;

/// <summary>How an encoder is pre-trained as a masked language model: stored with the checkpoint, which is reused only for an equal recipe.</summary>
/// <param name="Model">The encoder's sizes; its VocabSize counts [MASK].</param>
/// <param name="MaxEpochs">The most passes over the pre-training texts; the checkpoint keeps the epoch with the lowest validation loss.</param>
/// <param name="BatchSize">Texts per step.</param>
/// <param name="LearningRate">Peak AdamW rate: warm-up over the first 5 % of the steps, then a cosine to a tenth.</param>
/// <param name="WeightDecay">AdamW's decay on matrices.</param>
/// <param name="Data">A fingerprint of the pre-training and validation ids (<see cref="Fingerprint"/>): another tokenizer or other texts make another recipe.</param>
/// <param name="Seed">Seeds the weights, the batches and the masking.</param>
/// <param name="MaxBatchesPerEpoch">Null for whole passes; a number stops each epoch after that many batches (a dry run).</param>
public sealed record MlmRecipe(EncoderConfig Model, int MaxEpochs, int BatchSize, double LearningRate, double WeightDecay, string Data,
    int Seed = 1337, int? MaxBatchesPerEpoch = null)
{
    /// <summary>A short hash of the token ids of every text, in order, and of the special ids: equal only for the same data.</summary>
    public static string Fingerprint(EncodedTexts training, EncodedTexts validation, long maskId, long textTokens)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(long value) => hash.AppendData(BitConverter.GetBytes(value));
        Add(maskId);
        Add(textTokens);
        foreach (var part in new[] { training, validation })
        {
            Add(part.Count);
            foreach (var sequence in part.Sequences)
            {
                Add(sequence.Length);
                foreach (int id in sequence)
                    Add(id);
            }
        }
        return Convert.ToHexString(hash.GetHashAndReset())[..16].ToLowerInvariant();
    }
}
