namespace LlmCourse.Diffusion;

/// <summary>How many masked tokens the sampler commits at each step: as evenly as possible, the remainder on the first steps.</summary>
/// <remarks>
/// ML-GSAI/LLaDA generate.py, get_num_transfer_tokens. The linear noise schedule removes the same expected number of masks
/// per step, so each step commits ⌊n/steps⌋ tokens and the first n mod steps steps one more.
/// </remarks>
public static class TransferSchedule
{
    /// <summary>Tokens to commit at each of <paramref name="steps"/> steps so that all <paramref name="maskCount"/> are committed.</summary>
    public static int[] Counts(int maskCount, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maskCount);
        if (steps < 1)
            throw new ArgumentOutOfRangeException(nameof(steps), $"steps must be at least 1, not {steps}.");
        int baseCount = maskCount / steps, remainder = maskCount % steps;
        return Enumerable.Range(0, steps).Select(i => baseCount + (i < remainder ? 1 : 0)).ToArray();
    }
}
