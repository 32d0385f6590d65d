namespace LlmCourse.Gpt;

/// <summary>Learning-rate schedules for <see cref="Training.TrainingOptions.LearningRate"/>: step → rate.</summary>
public static class LearningRateSchedule
{
    /// <summary>
    /// nanoGPT train.py's get_lr: a linear warm-up over <paramref name="warmupSteps"/>, then a cosine from
    /// <paramref name="maxRate"/> down to <paramref name="minRate"/> at <paramref name="decaySteps"/>, then flat.
    /// Warm-up keeps Adam's first, noisy steps small (Loshchilov and Hutter 2017 for the cosine).
    /// </summary>
    public static Func<int, double> CosineWithWarmup(double maxRate, double minRate, int warmupSteps, int decaySteps)
    {
        if (!(maxRate > 0) || !(minRate >= 0) || minRate > maxRate)
            throw new ArgumentOutOfRangeException(nameof(minRate), $"Need 0 ≤ minRate ≤ maxRate and maxRate > 0; found {minRate} and {maxRate}.");
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        if (decaySteps <= warmupSteps)
            throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, $"The decay must end after the warm-up ({warmupSteps} steps).");
        return step =>
        {
            if (step < warmupSteps)
                return maxRate * (step + 1) / (warmupSteps + 1);
            if (step > decaySteps)
                return minRate;
            double progress = (double)(step - warmupSteps) / (decaySteps - warmupSteps);   // 0 … 1
            return minRate + 0.5 * (1 + Math.Cos(Math.PI * progress)) * (maxRate - minRate);
        };
    }

    /// <summary>
    /// The rate of step <paramref name="step"/> (0-based) of <paramref name="steps"/>, falling linearly from
    /// <paramref name="maxRate"/> to zero: the Hugging Face Trainer's default schedule, which TRL's trainers inherit.
    /// The last steps are small, so training settles instead of ending wherever its last noisy step left it.
    /// </summary>
    public static double LinearToZero(double maxRate, int step, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return maxRate * Math.Max(0, steps - step) / steps;
    }
}
