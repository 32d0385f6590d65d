using LlmCourse.Gpt;
using LlmCourse.Training;
using TorchSharp;

namespace Benchmarks;

/// <summary>Memory after one step: the process's RSS, the managed heap, and the tensors TorchSharp still holds.</summary>
internal sealed record MemorySample(int Step, double RssMiB, double ManagedMiB, int Gen0Collections, long LiveTensors)
{
    public static MemorySample Take(int step) => new(step, ProcessMemory.CurrentMiB(), GC.GetTotalMemory(false) / (1024.0 * 1024.0),
        GC.CollectionCount(0), DisposeScopeManager.Statistics.ThreadTotalLiveCount);
}

/// <summary>What one training run measured: speed per step, and memory along the run.</summary>
internal sealed record TrainingResult(
    GptConfig Config,
    long Parameters,
    int BatchSize,
    int Steps,
    int TimedSteps,
    double MedianMs,
    double P10Ms,
    double P90Ms,
    double FirstLoss,
    double LastLoss,
    IReadOnlyList<MemorySample> Memory)
{
    public double TokensPerSecond => BatchSize * Config.BlockSize / (MedianMs / 1000);
}

/// <summary>
/// Trains nanoGPT's CPU configuration on Tiny Shakespeare with the course's own <see cref="TrainingLoop.Run"/> (one
/// dispose scope per step, AdamW, clipping) and times every step, so the numbers are those of the loop notebook 07 runs.
/// </summary>
internal static class TrainingBenchmark
{
    public static TrainingResult Run(CharDataset data, int batchSize, int steps, int warmup)
    {
        torch.random.manual_seed(1337);
        var config = GptConfig.ShakespeareCpu(data.Tokenizer.Size);
        using var model = new GptModel(config);
        using var optimizer = model.CreateOptimizer(1e-3, weightDecay: 0.1, beta1: 0.9, beta2: 0.99);

        var finished = new List<TimeSpan>(steps);          // wall time at the end of each step
        var memory = new List<MemorySample>();
        var sampleAt = new HashSet<int> { 1, warmup, steps / 4, steps / 2, 3 * steps / 4, steps };
        var history = TrainingLoop.Run(model, data.TrainingBatches(batchSize, config.BlockSize, seed: 1337), optimizer, steps, new TrainingOptions
        {
            LearningRate = LearningRateSchedule.CosineWithWarmup(1e-3, 1e-4, 100, Math.Max(101, steps)),
            MaxGradientNorm = 1.0,
            ReportEvery = 1,
            Report = p =>
            {
                finished.Add(p.Elapsed);
                if (sampleAt.Contains(p.Step))
                    memory.Add(MemorySample.Take(p.Step));
            },
        });

        // Step i's time is the gap between the ends of steps i−1 and i; the first `warmup` steps are left out.
        var times = Enumerable.Range(warmup, steps - warmup)
            .Select(i => (finished[i] - finished[i - 1]).TotalMilliseconds)
            .Order()
            .ToArray();
        return new TrainingResult(config, model.ParameterCount(), batchSize, steps, times.Length,
            Percentile(times, 0.5), Percentile(times, 0.1), Percentile(times, 0.9),
            history.Losses[0], history.Losses.TakeLast(50).Average(), memory);
    }

    private static double Percentile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
