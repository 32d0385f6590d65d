using LlmCourse.Training;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Encoder;

/// <summary>What one epoch of training measured: the mean batch loss and the accuracy on the batches as they were trained.</summary>
public sealed record EpochResult(double Loss, double Accuracy, int Steps);

/// <summary>Trains and runs an <see cref="EncoderClassifier"/> over <see cref="EncodedTexts"/>, one epoch at a time.</summary>
public static class ClassifierTraining
{
    /// <summary>
    /// One pass over <paramref name="data"/> in length-grouped random batches (<see cref="LengthBatches.Shuffled"/>):
    /// cross-entropy on the [CLS] logits, backward, clip the gradients' norm to <paramref name="maxGradientNorm"/>, step.
    /// <paramref name="learningRate"/> maps the global step (counting from <paramref name="firstStep"/>) to a rate.
    /// <paramref name="maxBatches"/> stops the pass after that many batches (a dry run); the accuracy is then over the examples seen.
    /// </summary>
    public static EpochResult TrainEpoch(EncoderClassifier model, optim.Optimizer optimizer, EncodedTexts data, int batchSize,
        Random random, Func<int, double>? learningRate = null, int firstStep = 0, double maxGradientNorm = 1.0,
        Action<int, int, double>? report = null, int? maxBatches = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(data);
        var device = model.parameters().First().device;
        var batches = LengthBatches.Shuffled(data.Lengths, batchSize, random);
        if (maxBatches is { } limit)
            batches = batches.Take(Math.Max(1, limit)).ToList();
        double lossSum = 0;
        long correct = 0, seen = 0;
        model.train();
        for (int i = 0; i < batches.Count; i++)
        {
            if (learningRate is not null)
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate = learningRate(firstStep + i);
            using var scope = NewDisposeScope();
            var (batch, labels) = data.Batch(batches[i], device);
            var logits = model.call(batch.Ids, batch.KeyMask);            // (B, Classes)
            var loss = F.cross_entropy(logits, labels);
            double value = loss.item<float>();
            if (!double.IsFinite(value))
                throw new TrainingDivergedException(firstStep + i, value, optimizer.ParamGroups.First().LearningRate);
            optimizer.zero_grad();
            loss.backward();
            if (maxGradientNorm > 0)
                nn.utils.clip_grad_norm_(model.parameters(), maxGradientNorm);
            optimizer.step();
            lossSum += value;
            correct += logits.argmax(1).eq(labels).sum().item<long>();
            seen += batches[i].Length;
            report?.Invoke(i + 1, batches.Count, value);
        }
        return new EpochResult(lossSum / batches.Count, correct / (double)seen, batches.Count);
    }

    /// <summary>The class probabilities of every example, (N, Classes) on the CPU, in the data's order, in evaluation mode.</summary>
    public static Tensor Probabilities(EncoderClassifier model, EncodedTexts data, int batchSize = 64) =>
        Run(model, data, batchSize, (m, b) => m.call(b.Ids, b.KeyMask).softmax(-1));   // (B, Classes)

    /// <summary>The predicted class of every example, in the data's order, in evaluation mode (no dropout).</summary>
    public static int[] Predict(EncoderClassifier model, EncodedTexts data, int batchSize = 64)
    {
        using var scope = NewDisposeScope();
        return Probabilities(model, data, batchSize).argmax(1).data<long>().Select(p => (int)p).ToArray();   // (N, Classes) -> (N)
    }

    /// <summary>The [CLS] vector of every example, (N, C) on the CPU, in the data's order, in evaluation mode.</summary>
    public static Tensor ClsEmbeddings(EncoderClassifier model, EncodedTexts data, int batchSize = 64) =>
        Run(model, data, batchSize, (m, b) => m.Cls(b.Ids, b.KeyMask));

    // Batches sorted by length for speed, results put back into the data's order.
    private static Tensor Run(EncoderClassifier model, EncodedTexts data, int batchSize, Func<EncoderClassifier, PaddedBatch, Tensor> f)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var device = model.parameters().First().device;
        var batches = LengthBatches.ByLength(data.Lengths, batchSize);
        var parts = new Tensor[batches.Count];
        bool wasTraining = model.training;
        model.eval();
        using (no_grad())
        {
            for (int i = 0; i < batches.Count; i++)
            {
                using var scope = NewDisposeScope();
                parts[i] = f(model, data.Batch(batches[i], device).Batch).cpu().MoveToOuterDisposeScope();
            }
        }
        model.train(wasTraining);
        using var outer = NewDisposeScope();
        var order = tensor(batches.SelectMany(b => b).Select(i => (long)i).ToArray());      // position in batches -> example
        var stacked = cat(parts, 0);                                                        // (N, …) in batch order
        var result = zeros_like(stacked).index_copy_(0, order, stacked);                     // (N, …) in data order
        foreach (var part in parts)
            part.Dispose();
        return result.MoveToOuterDisposeScope();
    }
}
