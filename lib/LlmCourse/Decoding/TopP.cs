using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Decoding;

/// <summary>Top-p (nucleus) filtering: keep the smallest set of most likely tokens whose probability reaches p, −inf elsewhere.</summary>
/// <remarks>
/// Holtzman, Buys, Du, Forbes and Choi 2020, "The Curious Case of Neural Text Degeneration" (ICLR). Sort the tokens by
/// probability, best first, and keep the shortest prefix whose cumulative probability is at least p. The token that
/// crosses p is kept (without it the set would fall short of p), so the most likely token is always kept. Unlike top-k
/// the set adapts: a handful of tokens where the model is sure, hundreds where it is not.
/// </remarks>
public static class TopP
{
    /// <summary>
    /// Relative slack in "reaches p": a cumulative probability within one part in 10⁹ below p counts as reaching it, so
    /// hand-made boundaries (0.5 + 0.25 reaches 0.75) behave as on paper despite rounding in softmax.
    /// </summary>
    public const double Slack = 1e-9;

    /// <summary>(B, V) logits with every token outside each row's nucleus set to −inf; p = 1 keeps every token.</summary>
    /// <remarks>Equal probabilities are ranked by token id (lower first), so which tied token makes the cut is deterministic.</remarks>
    public static Tensor Filter(Tensor logits, double p)
    {
        LogitsGuard.Require(logits, nameof(logits));
        Validate(p);
        if (p == 1.0)
            return logits.clone();                              // the whole distribution is the only set sure to reach 1

        using var scope = NewDisposeScope();
        var (sorted, order) = logits.sort(-1, descending: true, stable: true);    // (B, V) each, best first
        // Float64, so that the cumulative sums of a hand-made distribution are exact to ~1e-16.
        var probabilities = sorted.to(ScalarType.Float64).softmax(-1);             // (B, V)
        var through = probabilities.cumsum(-1);                                    // (B, V): mass up to and including each token
        // The mass strictly before each token: a token is needed while the tokens ranked above it still fall short of p.
        var before = cat([zeros_like(through.narrow(-1, 0, 1)), through.narrow(-1, 0, through.shape[^1] - 1)], -1);
        var keepSorted = before < p * (1 - Slack);             // (B, V); rank 0 has before = 0 < p, so never empty
        var keep = zeros_like(keepSorted).scatter(-1, order, keepSorted);          // back from rank order to token order
        return logits.masked_fill(keep.logical_not(), double.NegativeInfinity).MoveToOuterDisposeScope();
    }

    /// <summary>Throws unless 0 &lt; p ≤ 1.</summary>
    public static void Validate(double p)
    {
        if (!(p > 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p,
                "Top-p is a probability mass in (0, 1]: p = 1 keeps every token, a small p keeps only the most likely ones. "
                + "Leave top-p off (null) for no filtering.");
    }
}
