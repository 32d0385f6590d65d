using LlmCourse.Gpt;
using LlmCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>DPO's settings.</summary>
/// <param name="Steps">AdamW steps.</param>
/// <param name="BatchSize">Pairs per step, drawn with replacement.</param>
/// <param name="LearningRate">AdamW rate (trl: 1e-6 for large models; a small GPT takes larger).</param>
/// <param name="Beta">β of the implicit reward (trl: 0.1).</param>
/// <param name="Seed">Seeds the order of the pairs.</param>
/// <param name="GradientClip">Global gradient-norm clip.</param>
public sealed record DpoOptions(int Steps, int BatchSize, double LearningRate, double Beta = 0.1, int Seed = 0, double GradientClip = 1.0);

/// <summary>One DPO step: the loss, the implicit reward accuracy and the mean margin r_chosen − r_rejected on the step's batch.</summary>
public sealed record DpoStepStats(int Step, double Loss, double RewardAccuracy, double Margin);

/// <summary>Trains a policy with DPO on preference pairs against a frozen reference (Rafailov et al. 2023).</summary>
public static class DpoTraining
{
    /// <summary>Trains <paramref name="policy"/> in place; <paramref name="reference"/> is never changed.</summary>
    public static List<DpoStepStats> Run(GptModel policy, GptModel reference, IReadOnlyList<PreferencePair> pairs, DpoOptions options,
        Action<DpoStepStats>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(options);
        if (ReferenceEquals(policy, reference))
            throw new ArgumentException("The reference must be a separate, frozen copy of the policy (ArithmeticModels.Copy).", nameof(reference));
        if (pairs.Count == 0)
            throw new ArgumentException("No preference pairs to train on.", nameof(pairs));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        var device = policy.HeadWeight.device;
        var trainable = policy.parameters().ToList();
        using var optimizer = optim.AdamW(trainable, options.LearningRate, weight_decay: 0.0);
        var rng = new Random(options.Seed);
        var history = new List<DpoStepStats>(options.Steps);
        reference.eval();
        policy.train();
        for (int step = 0; step < options.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var batch = Enumerable.Range(0, options.BatchSize).Select(_ => pairs[rng.Next(pairs.Count)]).ToList();
            var (ids, mask) = DpoBatch.Build(batch, device);
            int n = batch.Count;
            Tensor referenceLogProbs;
            using (no_grad())
                referenceLogProbs = DpoBatch.SequenceLogProbs(reference.call, ids, mask);          // (2N)
            var logProbs = DpoBatch.SequenceLogProbs(policy.call, ids, mask);                       // (2N)
            var (loss, chosen, rejected, accuracy) = DpoLoss.Compute(logProbs[..n], logProbs[n..], referenceLogProbs[..n], referenceLogProbs[n..], options.Beta);
            double value = loss.item<float>();
            if (!double.IsFinite(value))
                throw new TrainingDivergedException(step, value, options.LearningRate);
            optimizer.zero_grad();
            loss.backward();
            if (options.GradientClip > 0)
                nn.utils.clip_grad_norm_(trainable, options.GradientClip);
            optimizer.step();
            var stats = new DpoStepStats(step, value, accuracy, (chosen - rejected).mean().item<float>());
            history.Add(stats);
            progress?.Invoke(stats);
        }
        policy.eval();
        return history;
    }
}
