using LlmCourse.Arithmetic;
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
    /// <summary>Trains and returns each step's loss; <paramref name="progress"/> gets (step, loss) after every step.</summary>
    public static List<double> Run(
        Func<Tensor, Tensor> forward,
        IReadOnlyList<Parameter> trainable,
        IReadOnlyList<InstructionExample> examples,
        SftOptions options,
        Action<int, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(trainable);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        if (trainable.Count == 0)
            throw new ArgumentException("No trainable parameters were given: pass the ones fine-tuning should change.", nameof(trainable));
        if (examples.Count == 0)
            throw new ArgumentException("No instruction examples to fine-tune on.", nameof(examples));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Steps);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);

        var device = trainable[0].device;
        var optimizer = optim.AdamW(trainable, options.LearningRate, weight_decay: options.WeightDecay);
        var rng = new Random(options.Seed);
        var losses = new List<double>(options.Steps);
        for (int step = 0; step < options.Steps; step++)
        {
            using var scope = NewDisposeScope();
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = options.LearningRateAt(step);
            var batch = Enumerable.Range(0, options.BatchSize).Select(_ => examples[rng.Next(examples.Count)]).ToList();
            var (ids, targets) = SftBatch.Build(batch, options.LossOnPrompt, device);
            var loss = SftLoss.Compute(forward(ids), targets);
            double value = loss.item<float>();
            if (!double.IsFinite(value))
                throw new TrainingDivergedException(step, value, options.LearningRate);
            optimizer.zero_grad();
            loss.backward();
            if (options.GradientClip > 0)
                nn.utils.clip_grad_norm_(trainable, options.GradientClip);
            optimizer.step();
            losses.Add(value);
            progress?.Invoke(step, value);
        }
        return losses;
    }
}
