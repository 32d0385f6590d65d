using LlmCourse.Gpt;
using LlmCourse.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmCourse.FineTuning;

/// <summary>Supervised fine-tuning: AdamW on exactly the parameters given, the loss on the responses (<see cref="SftLoss"/>).</summary>
/// <remarks>
/// The forward is a function, not a model, so the same loop trains a whole GPT, only its LoRA matrices, only its adapters
/// or only a soft prompt: what is trainable is decided by the list of parameters, and nothing else is updated.
/// </remarks>
public static class SftTraining
{
    /// <summary>
    /// Trains on random batches of (prompt, response) pairs (tokenized by <paramref name="tokenizer"/>, padded with
    /// <paramref name="padId"/>) and returns each step's loss; <paramref name="progress"/> gets (step, loss) after every step.
    /// </summary>
    public static List<double> Run(
        Func<Tensor, Tensor> forward,
        IReadOnlyList<Parameter> trainable,
        CharTokenizer tokenizer,
        IReadOnlyList<(string Prompt, string Response)> examples,
        long padId,
        SftOptions options,
        Action<int, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(trainable);
        ArgumentNullException.ThrowIfNull(options);
        return Run(forward, [new TrainableGroup(trainable, options.LearningRate)], tokenizer, examples, padId, options, progress);
    }

    /// <summary>
    /// As above, with each group of parameters at its own peak learning rate (<see cref="SftOptions.LearningRate"/> is
    /// then unused; its schedule still applies to every group).
    /// </summary>
    public static List<double> Run(
        Func<Tensor, Tensor> forward,
        IReadOnlyList<TrainableGroup> groups,
        CharTokenizer tokenizer,
        IReadOnlyList<(string Prompt, string Response)> examples,
        long padId,
        SftOptions options,
        Action<int, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        var trainable = groups.SelectMany(g => g.Parameters).ToList();
        if (trainable.Count == 0)
            throw new ArgumentException("No trainable parameters were given: pass the ones fine-tuning should change.", nameof(groups));
        if (trainable.Distinct(ReferenceEqualityComparer.Instance).Count() != trainable.Count)
            throw new ArgumentException("A parameter appears twice among the trainable groups; give each parameter one group (one learning rate).", nameof(groups));
        if (groups.FirstOrDefault(g => !(g.LearningRate > 0) || !double.IsFinite(g.LearningRate)) is { } bad)
            throw new ArgumentException($"A group's learning rate must be a positive number, not {bad.LearningRate}.", nameof(groups));
        if (examples.Count == 0)
            throw new ArgumentException("No (prompt, response) examples to fine-tune on.", nameof(examples));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Steps);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);

        var device = trainable[0].device;
        var paramGroups = groups.Where(g => g.Parameters.Count > 0)
            .Select(g => new AdamW.ParamGroup(g.Parameters, g.LearningRate, weight_decay: options.WeightDecay)).ToList();
        var peakRates = paramGroups.Select(g => g.LearningRate).ToArray();
        var optimizer = optim.AdamW(paramGroups, options.LearningRate, weight_decay: options.WeightDecay);
        var rng = new Random(options.Seed);
        var losses = new List<double>(options.Steps);
        for (int step = 0; step < options.Steps; step++)
        {
            using var scope = NewDisposeScope();
            int g = 0;
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = peakRates[g++] * options.ScheduleAt(step);
            var batch = Enumerable.Range(0, options.BatchSize).Select(_ => examples[rng.Next(examples.Count)]).ToList();
            var (ids, targets) = SftBatch.Build(tokenizer, batch, padId, options.LossOnPrompt, device);
            double value = OptimizerStep.Take(optimizer, SftLoss.Compute(forward(ids), targets), step, trainable,
                options.GradientClip > 0 ? options.GradientClip : null);
            losses.Add(value);
            progress?.Invoke(step, value);
        }
        return losses;
    }
}
