using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Encoder;

/// <summary>A batch corrupted for masked-language-model training: the ids the model reads and the ids it must recover.</summary>
/// <param name="Inputs">(B, T) int64: the batch's ids with the chosen positions replaced (mostly by [MASK]).</param>
/// <param name="Labels">(B, T) int64: the original id at each chosen position, <see cref="MlmMasking.Ignore"/> everywhere else.</param>
/// <param name="Chosen">(B, T) bool: the positions the loss is computed on.</param>
public sealed record MaskedBatch(Tensor Inputs, Tensor Labels, Tensor Chosen);

/// <summary>
/// BERT's masking rule (Devlin et al. 2019, section 3.1): choose 15 % of the text tokens at random; of the chosen, 80 %
/// become [MASK], 10 % a random token and 10 % stay as they are; the loss is computed on the chosen positions only.
/// </summary>
/// <remarks>
/// Why not mask them all: [MASK] never occurs when the model is fine-tuned, so a model that only ever predicted at [MASK]
/// positions could leave the other positions' vectors unattended. Leaving some chosen tokens unchanged, and swapping some
/// for random ones, makes it keep a useful vector for every token, since it cannot tell which ones it will be asked about.
///
/// Only text tokens are ever chosen: ids below <c>textTokens</c> (the BPE vocabulary) at real positions. [CLS], [PAD] and
/// [MASK] come after the BPE ids (<see cref="ClassifierVocabulary"/>), so they are never chosen and never drawn as the
/// random replacement. The random numbers are drawn on the CPU from <c>generator</c> in a fixed order, so the same seed
/// gives the same corruption on any device: u ~ U(0,1) per position (chosen where u &lt; ChooseRate), then v ~ U(0,1) per
/// position ([MASK] where v &lt; MaskShare, a random token where MaskShare ≤ v &lt; MaskShare + RandomShare), then one
/// random text token per position.
/// </remarks>
public static class MlmMasking
{
    /// <summary>The label of a position the loss ignores: PyTorch's default ignore_index for cross-entropy.</summary>
    public const long Ignore = -100;

    /// <summary>Corrupts a (B, T) batch as described above; <paramref name="keyMask"/> (B, T) is true at real tokens.</summary>
    /// <param name="ids">(B, T) int64 token ids, on any device.</param>
    /// <param name="keyMask">(B, T) bool, false at [PAD].</param>
    /// <param name="maskId">The [MASK] token's id.</param>
    /// <param name="textTokens">Ids 0 … textTokens − 1 are text tokens, the only ones chosen or drawn as replacements.</param>
    /// <param name="generator">A CPU generator: the only source of randomness.</param>
    public static MaskedBatch Apply(Tensor ids, Tensor keyMask, long maskId, long textTokens, Generator generator,
        double chooseRate = 0.15, double maskShare = 0.8, double randomShare = 0.1)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(keyMask);
        ArgumentNullException.ThrowIfNull(generator);
        if (ids.dim() != 2 || !keyMask.shape.SequenceEqual(ids.shape))
            throw new ArgumentException($"Expected ids and keyMask of the same shape (B, T); found {Checks.Check.Format(ids.shape)} "
                + $"and {Checks.Check.Format(keyMask.shape)}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(textTokens, 1);
        if (chooseRate is < 0 or > 1 || maskShare < 0 || randomShare < 0 || maskShare + randomShare > 1)
            throw new ArgumentException($"Need 0 ≤ chooseRate ≤ 1 and shares with maskShare + randomShare ≤ 1; "
                + $"found {chooseRate}, {maskShare}, {randomShare}.");

        using var scope = NewDisposeScope();
        var device = ids.device;
        var cpuIds = ids.cpu();
        var eligible = keyMask.cpu().logical_and(cpuIds.lt(textTokens));                       // (B, T): real text tokens only
        var u = rand(ids.shape, dtype: ScalarType.Float64, generator: generator);               // (B, T)
        var v = rand(ids.shape, dtype: ScalarType.Float64, generator: generator);               // (B, T)
        var replacement = randint(0, textTokens, ids.shape, dtype: ScalarType.Int64, generator: generator);   // (B, T)
        var chosen = u.lt(chooseRate).logical_and(eligible);
        var toMask = chosen.logical_and(v.lt(maskShare));
        var toRandom = chosen.logical_and(v.ge(maskShare)).logical_and(v.lt(maskShare + randomShare));
        var inputs = where(toMask, full_like(cpuIds, maskId), where(toRandom, replacement, cpuIds));
        var labels = where(chosen, cpuIds, full_like(cpuIds, Ignore));
        return new MaskedBatch(
            inputs.to(device).MoveToOuterDisposeScope(),
            labels.to(device).MoveToOuterDisposeScope(),
            chosen.to(device).MoveToOuterDisposeScope());
    }
}
