using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Gradients;

/// <summary>Gradients without calculus: nudge one number up and down by h and measure how the loss moves.</summary>
/// <remarks>
/// Central differences, slope ≈ (L(w + h) − L(w − h)) / 2h, are off by about h² times the third derivative, where the
/// one-sided (L(w + h) − L(w)) / h is off by about h: with h = 1e-6 in float64 that is the difference between ~1e-12
/// and ~1e-6. It costs two loss evaluations per number, so it checks a gradient; it does not replace autograd.
/// Standard gradient checking, as in cs231n's notes and d2l's "Numerical Stability and Initialization".
/// </remarks>
public static class FiniteDifferences
{
    /// <summary>The default step: near the cube root of float64's machine epsilon (2.2e-16), where the h² error and the rounding error ~ε/h balance.</summary>
    public const double DefaultStep = 1e-6;

    /// <summary>
    /// ∂loss/∂parameter for every element of <paramref name="parameter"/>, a float64 tensor the loss reads: each element
    /// is set to w + h and w − h in place, the loss re-evaluated (with autograd off), and the element put back exactly.
    /// </summary>
    /// <param name="loss">Computes the loss from the current values of the tensors it captures; must return one float64 number.</param>
    /// <returns>A float64 tensor with the parameter's shape and device.</returns>
    public static Tensor Gradient(Func<Tensor> loss, Tensor parameter, double h = DefaultStep) =>
        Gradients(loss, [parameter], h)[0];

    /// <summary>The gradient with respect to each of <paramref name="parameters"/>, in order, one tensor of the same shape each.</summary>
    public static Tensor[] Gradients(Func<Tensor> loss, IEnumerable<Tensor> parameters, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(h > 0) || double.IsInfinity(h))
            throw new ArgumentOutOfRangeException(nameof(h), h, "The step h must be a small positive number, such as 1e-6.");
        var list = parameters.ToList();
        for (int p = 0; p < list.Count; p++)
        {
            if (list[p].dtype != ScalarType.Float64)
                throw new ArgumentException(
                    $"Parameter {p} is {list[p].dtype}; finite differences need Float64. In float32 the change of the loss for a "
                    + "small h drowns in rounding (about 1e-7 of the loss). Convert with .to(ScalarType.Float64).", nameof(parameters));
        }

        // Autograd off: the nudged evaluations need no graph, and in-place writes to a leaf that requires grad are then allowed.
        using (no_grad())
        {
            return list.Select((parameter, p) => GradientOf(loss, parameter, p, h)).ToArray();
        }
    }

    private static Tensor GradientOf(Func<Tensor> loss, Tensor parameter, int p, double h)
    {
        long count = parameter.numel();
        var slopes = new double[count];
        for (long flat = 0; flat < count; flat++)
        {
            using (NewDisposeScope())
            {
                // A 0-d tensor has no index; otherwise element [i, j, …] is a view into the parameter's own storage.
                var element = parameter.dim() == 0 ? parameter : parameter[RowMajor.Unravel(flat, parameter.shape)];
                double original = element.item<double>();
                double up, down;
                try
                {
                    element.fill_(original + h);
                    up = Evaluate(loss, p, flat, "+h");
                    element.fill_(original - h);
                    down = Evaluate(loss, p, flat, "−h");
                }
                finally
                {
                    element.fill_(original);   // bit for bit: the double read out is the float64 stored
                }
                slopes[flat] = (up - down) / (2 * h);
            }
        }
        // (count) -> the parameter's shape
        return tensor(slopes, ScalarType.Float64, parameter.device).reshape(parameter.shape);
    }

    private static double Evaluate(Func<Tensor> loss, int p, long flat, string nudge)
    {
        using (NewDisposeScope())
        {
            var value = loss() ?? throw new InvalidOperationException("The loss function returned null; it must return the loss tensor.");
            if (value.numel() != 1)
                throw new ArgumentException(
                    $"The loss must be one number, but it has shape [{string.Join(", ", value.shape)}]. "
                    + "Reduce it to a scalar first, e.g. with .mean() or .sum().", nameof(loss));
            if (value.dtype != ScalarType.Float64)
                throw new ArgumentException(
                    $"The loss is {value.dtype}; finite differences need it computed in Float64 all the way. "
                    + "Convert the inputs and weights with .to(ScalarType.Float64).", nameof(loss));
            double result = value.item<double>();
            if (!double.IsFinite(result))
                throw new InvalidOperationException(
                    $"The loss is {result} with element {flat} of parameter {p} nudged by {nudge}. Look for log(0), a division "
                    + "by zero or an overflow in the loss, or try a smaller step h.");
            return result;
        }
    }
}
