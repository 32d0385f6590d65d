using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Training;

/// <summary>The loss over a whole data set, without gradients, in chunks so a large set fits in memory.</summary>
public static class Evaluation
{
    /// <summary>Mean loss per target over all rows; <paramref name="lossFunction"/> defaults to <see cref="Loss.CrossEntropy"/>.</summary>
    public static double MeanLoss(
        nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor targets, int chunkSize = 8192,
        Func<Tensor, Tensor, Tensor>? lossFunction = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        lossFunction ??= Loss.CrossEntropy;
        long rows = inputs.shape[0];
        if (rows == 0)
            throw new ArgumentException("No rows to evaluate.", nameof(inputs));

        bool wasTraining = model.training;
        model.eval();                          // dropout off, as at test time
        double total = 0;
        using (no_grad())
        {
            for (long start = 0; start < rows; start += chunkSize)
            {
                using var scope = NewDisposeScope();
                long end = Math.Min(start + chunkSize, rows);
                var rowsHere = TensorIndex.Slice(start, end);
                var loss = lossFunction(model.call(inputs[rowsHere]), targets[rowsHere]);
                // The loss is a mean over the chunk; weight it by the chunk's size so the result is the mean over all rows.
                total += loss.ToDouble() * (end - start);
            }
        }
        model.train(wasTraining);
        return total / rows;
    }
}
