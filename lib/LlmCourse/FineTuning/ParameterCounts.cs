using TorchSharp.Modules;

namespace LlmCourse.FineTuning;

/// <summary>How many parameters a fine-tuning method trains, against the size of the model it adapts.</summary>
/// <param name="Trainable">Parameters the optimizer updates.</param>
/// <param name="Model">Parameters of the base model (what full fine-tuning trains).</param>
public sealed record ParameterCounts(long Trainable, long Model)
{
    /// <summary>Trainable as a percentage of the model.</summary>
    public double Percent => 100.0 * Trainable / Model;

    /// <summary>Counts <paramref name="trainable"/> (each tensor once) against a model of <paramref name="modelParameters"/>.</summary>
    public static ParameterCounts Of(IEnumerable<Parameter> trainable, long modelParameters)
    {
        ArgumentNullException.ThrowIfNull(trainable);
        ArgumentOutOfRangeException.ThrowIfLessThan(modelParameters, 1);
        long count = trainable.Distinct(ReferenceEqualityComparer.Instance).Cast<Parameter>().Sum(p => p.numel());
        return new ParameterCounts(count, modelParameters);
    }

    public override string ToString() => $"{Trainable:N0} of {Model:N0} ({Percent:F2}%)";
}
