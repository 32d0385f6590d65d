using LlmCourse.Gpt;

namespace LlmCourse.FineTuning;

/// <summary>
/// Settings of <see cref="SftTraining"/>.Run: steps of AdamW on random mini-batches of instruction examples, at a constant
/// learning rate or, with <paramref name="LinearDecay"/>, one falling linearly to zero (TRL's SFTTrainer default).
/// </summary>
public sealed record SftOptions(
    int Steps,
    int BatchSize,
    double LearningRate,
    int Seed,
    bool LossOnPrompt = false,
    double WeightDecay = 0.0,
    double GradientClip = 1.0,
    bool LinearDecay = false)
{
    /// <summary>The learning rate of step <paramref name="step"/> (0-based).</summary>
    public double LearningRateAt(int step) => LearningRate * ScheduleAt(step);

    /// <summary>The share of a peak learning rate that step <paramref name="step"/> (0-based) uses: 1, or falling linearly to 0.</summary>
    public double ScheduleAt(int step) => LinearDecay ? LearningRateSchedule.LinearToZero(1.0, step, Steps) : 1.0;
}
