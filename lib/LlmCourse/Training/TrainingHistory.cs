namespace LlmCourse.Training;

/// <summary>What a training run recorded: the loss and learning rate of every step, the dev losses, the time taken.</summary>
public sealed class TrainingHistory
{
    /// <summary>The mini-batch loss of step i (before its update).</summary>
    public List<double> Losses { get; } = [];

    /// <summary>The learning rate used at step i.</summary>
    public List<double> LearningRates { get; } = [];

    /// <summary>(number of steps done, dev loss) at each evaluation.</summary>
    public List<(int Step, double Loss)> DevLosses { get; } = [];

    public TimeSpan Elapsed { get; internal set; }

    /// <summary>Wall time per step, evaluations included.</summary>
    public double MillisecondsPerStep => Losses.Count == 0 ? 0 : Elapsed.TotalMilliseconds / Losses.Count;

    /// <summary>Mini-batch losses are noisy: the mean of each block of <paramref name="every"/> steps, at the block's last step.</summary>
    public (double[] Steps, double[] Losses) Averaged(int every)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        var chunks = Losses.Chunk(every).ToArray();
        var steps = chunks.Select((chunk, i) => (double)(i * every + chunk.Length)).ToArray();
        return (steps, chunks.Select(chunk => chunk.Average()).ToArray());
    }
}
