using TorchSharp.Modules;

namespace LlmCourse.FineTuning;

/// <summary>
/// Parameters that <see cref="SftTraining"/> trains at their own peak learning rate (an AdamW parameter group); the schedule of <see cref="SftOptions"/> scales every group alike.
/// </summary>
/// <remarks>
/// New weights that start at zero (LoRA's B, an adapter's up-projection) take a larger rate than pretrained ones that are
/// trained along with them (the token embedding table), which a large rate would wash out.
/// </remarks>
public sealed record TrainableGroup(IReadOnlyList<Parameter> Parameters, double LearningRate);
