using LlmCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Encoder;

/// <summary>What masked-language-model training or evaluation measured: loss and accuracy per chosen token.</summary>
/// <param name="Loss">Mean −log p(original token) over the chosen positions, in nats.</param>
/// <param name="Accuracy">Share of chosen positions whose most likely token is the original one.</param>
/// <param name="ChosenTokens">Chosen positions the numbers are averaged over.</param>
public sealed record MlmResult(double Loss, double Accuracy, long ChosenTokens, int Steps);

/// <summary>Pre-trains a <see cref="MaskedLanguageModel"/> on unlabelled texts, one epoch at a time, and measures it.</summary>
public static class MlmTraining
{
    /// <summary>
    /// One pass over <paramref name="data"/> (labels unused) in length-grouped random batches: each batch corrupted by
    /// <see cref="MlmMasking.Apply"/> with <paramref name="generator"/>, loss on the chosen positions, backward, clip the
    /// gradients' norm to <paramref name="maxGradientNorm"/>, step. <paramref name="learningRate"/> maps the global step
    /// (counting from <paramref name="firstStep"/>) to a rate. A fresh corruption every epoch, as RoBERTa's dynamic masking.
    /// </summary>
    public static MlmResult TrainEpoch(MaskedLanguageModel model, optim.Optimizer optimizer, EncodedTexts data, int batchSize,
        long maskId, long textTokens, Random random, Generator generator, Func<int, double>? learningRate = null, int firstStep = 0,
        double maxGradientNorm = 1.0, Action<int, int, double>? report = null, int? maxBatches = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(data);
        var device = model.Bias.device;
        var batches = LengthBatches.Shuffled(data.Lengths, batchSize, random);
        if (maxBatches is { } limit)
            batches = batches.Take(Math.Max(1, limit)).ToList();   // a dry run: the first batches of the pass only
        double lossSum = 0;
        long correct = 0, chosenTokens = 0;
        model.train();
        for (int i = 0; i < batches.Count; i++)
        {
            if (learningRate is not null)
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate = learningRate(firstStep + i);
            using var scope = NewDisposeScope();
            var (batch, _) = data.Batch(batches[i], device);
            var masked = MlmMasking.Apply(batch.Ids, batch.KeyMask, maskId, textTokens, generator);
            long n = masked.Chosen.sum().item<long>();
            if (n == 0)
                continue;   // a batch of very short texts can draw no position: nothing to learn from it
            var logits = model.LogitsAt(masked.Inputs, batch.KeyMask, masked.Chosen);           // (N, V)
            var targets = masked.Labels[masked.Chosen];                                            // (N)
            var loss = nn.functional.cross_entropy(logits, targets);
            double value = loss.item<float>();
            if (!double.IsFinite(value))
                throw new TrainingDivergedException(firstStep + i, value, optimizer.ParamGroups.First().LearningRate);
            optimizer.zero_grad();
            loss.backward();
            if (maxGradientNorm > 0)
                nn.utils.clip_grad_norm_(model.parameters(), maxGradientNorm);
            optimizer.step();
            lossSum += value * n;
            chosenTokens += n;
            correct += logits.argmax(1).eq(targets).sum().item<long>();
            report?.Invoke(i + 1, batches.Count, value);
        }
        return new MlmResult(lossSum / Math.Max(1, chosenTokens), correct / (double)Math.Max(1, chosenTokens), chosenTokens, batches.Count);
    }

    /// <summary>
    /// Loss and accuracy per chosen token on <paramref name="data"/>, in evaluation mode, with the corruption drawn from a
    /// new generator seeded with <paramref name="seed"/>: the same positions every call, so numbers from different epochs
    /// compare like with like.
    /// </summary>
    public static MlmResult Evaluate(MaskedLanguageModel model, EncodedTexts data, long maskId, long textTokens, long seed = 0,
        int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var device = model.Bias.device;
        var generator = new Generator((ulong)seed);
        var batches = LengthBatches.ByLength(data.Lengths, batchSize);
        double lossSum = 0;
        long correct = 0, chosenTokens = 0;
        bool wasTraining = model.training;
        model.eval();
        using (no_grad())
        {
            foreach (var indices in batches)
            {
                using var scope = NewDisposeScope();
                var (batch, _) = data.Batch(indices, device);
                var masked = MlmMasking.Apply(batch.Ids, batch.KeyMask, maskId, textTokens, generator);
                var logits = model.LogitsAt(masked.Inputs, batch.KeyMask, masked.Chosen);       // (N, V)
                var targets = masked.Labels[masked.Chosen];                                        // (N)
                if (targets.numel() == 0)
                    continue;
                lossSum += nn.functional.cross_entropy(logits, targets, reduction: nn.Reduction.Sum).item<float>();
                correct += logits.argmax(1).eq(targets).sum().item<long>();
                chosenTokens += targets.numel();
            }
        }
        model.train(wasTraining);
        return new MlmResult(lossSum / Math.Max(1, chosenTokens), correct / (double)Math.Max(1, chosenTokens), chosenTokens, batches.Count);
    }
}
