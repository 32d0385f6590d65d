namespace LlmCourse.Training;

/// <summary>Thrown when a training step's loss is NaN or infinite; the message names the step, the loss and the fix.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(int step, double loss, double learningRate)
        : base(
            $"Training diverged at step {step}: the loss is {loss} (learning rate {learningRate:G4}). "
            + "The parameters were left as they were before this step. Usually the learning rate is too high: lower it "
            + "(try a tenth) and train again from a fresh model; if it persists, look for NaN or infinity in the inputs.")
    {
        Step = step;
        Loss = loss;
        LearningRate = learningRate;
    }

    /// <summary>The 0-based step whose loss was not finite.</summary>
    public int Step { get; }

    /// <summary>The loss found: NaN or ±infinity.</summary>
    public double Loss { get; }

    /// <summary>The learning rate in force at that step.</summary>
    public double LearningRate { get; }
}
