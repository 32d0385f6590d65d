using static TorchSharp.torch;

namespace LlmCourse.Decoding;

/// <summary>Temperature: logits / T, which sharpens (T &lt; 1) or flattens (T &gt; 1) the next-token distribution.</summary>
/// <remarks>
/// softmax(z / T)_i = exp((z_i − z_max) / T) / Σ_j exp((z_j − z_max) / T). At T = 1 it is the model's own distribution;
/// as T → ∞ every exponent tends to 0 and the distribution to uniform; as T → 0 every exponent but the largest logit's
/// tends to −∞, so all the probability goes to the argmax and sampling becomes greedy decoding. T = 0 itself would
/// divide by zero, which is why it is rejected: the limit is <see cref="TokenChoice.Greedy"/>. The idea comes from
/// statistical physics via Boltzmann machines (Ackley, Hinton and Sejnowski 1985); Holtzman et al. 2020, "The Curious
/// Case of Neural Text Degeneration", compare it with top-k and nucleus sampling.
/// </remarks>
public static class Temperature
{
    /// <summary>(B, V) logits divided by <paramref name="temperature"/> (T &gt; 0, finite); T = 1 returns a copy.</summary>
    public static Tensor Scale(Tensor logits, double temperature)
    {
        LogitsGuard.Require(logits, nameof(logits));
        Validate(temperature);
        return logits / temperature;                            // (B, V); −inf (filtered) stays −inf
    }

    /// <summary>Throws unless 0 &lt; T &lt; ∞, pointing to greedy decoding for T = 0.</summary>
    public static void Validate(double temperature)
    {
        if (!(temperature > 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature,
                "The temperature must be a finite number greater than 0. T → 0 is greedy decoding: "
                + "use DecodingStrategy.Greedy (TokenChoice.Greedy) instead of T = 0.");
    }
}
