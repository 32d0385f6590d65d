using LlmCourse.Gpt;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>
/// How a reward model is trained: AdamW steps on random minibatches of pairs. With <paramref name="LinearDecay"/> the
/// learning rate falls linearly from <paramref name="LearningRate"/> to zero over the steps (the Hugging Face Trainer's
/// default, which TRL's RewardTrainer inherits), so the last steps settle instead of jittering around the optimum.
/// </summary>
public sealed record RewardModelOptions(int Steps, int BatchSize, double LearningRate, int Seed, double WeightDecay = 0.0, double GradientClip = 1.0,
    bool LinearDecay = false)
{
    /// <summary>The learning rate of step <paramref name="step"/> (0-based).</summary>
    public double LearningRateAt(int step) => LinearDecay ? LearningRateSchedule.LinearToZero(LearningRate, step, Steps) : LearningRate;
}

/// <summary>Training a <see cref="RewardModel"/> with the Bradley–Terry loss, and measuring its pairwise accuracy.</summary>
public static class RewardModelTraining
{
    /// <summary>Trains every parameter of <paramref name="model"/>; returns the loss and batch accuracy of each step.</summary>
    public static List<(double Loss, double Accuracy)> Run(RewardModel model, IReadOnlyList<PreferencePair> pairs, RewardModelOptions options,
        Action<int, double, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(options);
        if (pairs.Count < options.BatchSize)
            throw new ArgumentException($"{pairs.Count} pairs cannot fill a batch of {options.BatchSize}.", nameof(pairs));
        var parameters = model.parameters().ToList();
        using var optimizer = optim.AdamW(parameters, options.LearningRate, weight_decay: options.WeightDecay);
        var rng = new Random(options.Seed);
        var device = model.Backbone.HeadWeight.device;
        var history = new List<(double, double)>();
        model.train();
        for (int step = 0; step < options.Steps; step++)
        {
            using var scope = NewDisposeScope();
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = options.LearningRateAt(step);
            var batch = Enumerable.Range(0, options.BatchSize).Select(_ => pairs[rng.Next(pairs.Count)]).ToList();
            var (ids, last) = PreferenceBatch.Build(batch, device);
            var rewards = model.call(ids, last);                             // (2N)
            var chosen = rewards[..options.BatchSize];
            var rejected = rewards[options.BatchSize..];
            var loss = BradleyTerry.Loss(chosen, rejected);
            double value = loss.item<float>();
            if (!double.IsFinite(value))
                throw new InvalidOperationException($"The reward model's loss became {value} at step {step}; lower the learning rate.");
            optimizer.zero_grad();
            loss.backward();
            if (options.GradientClip > 0)
                nn.utils.clip_grad_norm_(parameters, options.GradientClip);
            optimizer.step();
            double accuracy = BradleyTerry.Accuracy(chosen, rejected);
            history.Add((value, accuracy));
            progress?.Invoke(step, value, accuracy);
        }
        model.eval();
        return history;
    }

    /// <summary>(chosen, rejected) rewards of every pair, without autograd, in batches of <paramref name="batchSize"/>.</summary>
    public static (double[] Chosen, double[] Rejected) Score(RewardModel model, IReadOnlyList<PreferencePair> pairs, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pairs);
        var chosen = new List<double>();
        var rejected = new List<double>();
        var device = model.Backbone.HeadWeight.device;
        using var noGrad = no_grad();
        foreach (var batch in pairs.Chunk(batchSize))
        {
            using var scope = NewDisposeScope();
            var (ids, last) = PreferenceBatch.Build(batch, device);
            var rewards = model.call(ids, last).cpu().to(ScalarType.Float64).data<double>().ToArray();
            chosen.AddRange(rewards[..batch.Length]);
            rejected.AddRange(rewards[batch.Length..]);
        }
        return (chosen.ToArray(), rejected.ToArray());
    }

    /// <summary>The share of pairs whose chosen response the model scores higher: the reward model's pairwise accuracy.</summary>
    public static double Accuracy(RewardModel model, IReadOnlyList<PreferencePair> pairs)
    {
        var (chosen, rejected) = Score(model, pairs);
        return chosen.Zip(rejected).Count(p => p.First > p.Second) / (double)pairs.Count;
    }
}
