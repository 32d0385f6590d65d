namespace LlmCourse.FineTuning;

/// <summary>Settings of <see cref="SftTraining.Run"/>: steps of AdamW on random mini-batches of instruction examples.</summary>
public sealed record SftOptions(
    int Steps,
    int BatchSize,
    double LearningRate,
    int Seed,
    bool LossOnPrompt = false,
    double WeightDecay = 0.0,
    double GradientClip = 1.0);
