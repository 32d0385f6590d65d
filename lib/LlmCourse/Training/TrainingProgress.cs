namespace LlmCourse.Training;

/// <summary>Where training stands, as passed to <see cref="TrainingOptions.Report"/>.</summary>
public sealed record TrainingProgress(
    int Step,                      // steps done so far (1-based: 1000 after the thousandth step)
    int Steps,                     // steps in the whole run
    double RecentLoss,             // mean mini-batch loss since the previous report (single batches are noisy)
    double LearningRate,           // the rate of the latest step
    double? DevLoss,               // the latest evaluation, or null before the first
    TimeSpan Elapsed);             // wall time since the run started
