using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Training;

/// <summary>Batch sources for <see cref="TrainingLoop.Run"/>: given a step, the (inputs, targets) to train on.</summary>
public static class MiniBatches
{
    /// <summary>
    /// Each step draws <paramref name="batchSize"/> rows at random (with replacement, as makemore does) from inputs and
    /// the matching targets, with its own generator seeded by <paramref name="seed"/>: same seed, same batches.
    /// </summary>
    public static Func<int, (Tensor Inputs, Tensor Targets)> Random(Tensor inputs, Tensor targets, int batchSize, long seed)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (inputs.shape[0] != targets.shape[0])
            throw new ArgumentException($"{inputs.shape[0]} inputs but {targets.shape[0]} targets: they must pair up row by row.");
        if (inputs.shape[0] == 0)
            throw new ArgumentException("No rows to draw batches from.", nameof(inputs));

        // A CPU generator of our own, so that other random draws (initialisation, dropout, sampling) do not shift the batches.
        var generator = new Generator((ulong)seed);
        long rows = inputs.shape[0];
        return _ =>
        {
            var rowsDrawn = randint(0, rows, [batchSize], generator: generator).to(inputs.device);   // (B)
            return (inputs[rowsDrawn], targets[rowsDrawn]);                                         // (B, …), (B, …)
        };
    }
}
