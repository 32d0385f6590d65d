using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmCourse.Training;

/// <summary>The part of an update every training loop of the course shares: check the loss, zero_grad, backward, clip, step.</summary>
/// <remarks>
/// The loop around it (which batch, which loss, which schedule) is each notebook's own; this is only the five lines every
/// loop would otherwise repeat, in the order that matters. The loss is checked before anything else, so a NaN never
/// reaches a gradient or a weight; gradients are cleared before backward because TorchSharp, like PyTorch, adds into
/// <c>.grad</c>; clipping comes after backward and before the step, on the global norm of the given parameters.
/// </remarks>
public static class OptimizerStep
{
    /// <summary>
    /// Updates the parameters of <paramref name="optimizer"/> from <paramref name="loss"/> (a scalar) and returns the loss's
    /// value. Throws <see cref="TrainingDivergedException"/> naming <paramref name="step"/> when the loss is NaN or infinite,
    /// before any gradient or weight changes. With <paramref name="maxGradientNorm"/>, the global L2 norm of the gradients
    /// of <paramref name="clipped"/> is scaled down to at most that value first.
    /// </summary>
    public static double Take(optim.Optimizer optimizer, Tensor loss, int step, IEnumerable<Parameter>? clipped = null, double? maxGradientNorm = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        if (loss.numel() != 1)
            throw new ArgumentException($"The loss must be a single number to back-propagate from, found shape {Checks.Check.Format(loss.shape)}: reduce it (mean or sum) first.", nameof(loss));
        if (maxGradientNorm is double max && !(max > 0))
            throw new ArgumentOutOfRangeException(nameof(maxGradientNorm), max, "The largest gradient norm must be a positive number, or null for no clipping.");
        if (maxGradientNorm is not null && clipped is null)
            throw new ArgumentException("Clipping needs the parameters whose gradients to clip.", nameof(clipped));

        double value = loss.ToDouble();           // any dtype; also waits for the device
        if (!double.IsFinite(value))
            throw new TrainingDivergedException(step, value, optimizer.ParamGroups.Max(g => g.LearningRate));
        optimizer.zero_grad();
        loss.backward();
        if (maxGradientNorm is double norm)
            nn.utils.clip_grad_norm_(clipped!, norm);
        optimizer.step();
        return value;
    }
}
