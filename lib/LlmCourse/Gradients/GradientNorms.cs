using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Gradients;

/// <summary>The size (L2 norm) of one layer's or one parameter's gradient.</summary>
public sealed record GradientNorm(string Name, double Norm);

/// <summary>How big each layer's gradient is after <c>backward()</c>: the numbers behind a vanishing- or exploding-gradient chart.</summary>
/// <remarks>
/// Norms are read in float64 so that gradients of 1e-20 or 1e20 are neither flushed to zero nor overflow when squared.
/// A parameter that requires grad but got no gradient (no path from the loss reached it) counts as a gradient of zero.
/// </remarks>
public static class GradientNorms
{
    /// <summary>‖∂loss/∂p‖ for each parameter that requires grad, in the module's order: ("layers.0.weight", 0.031), ….</summary>
    public static IReadOnlyList<GradientNorm> PerParameter(nn.Module module) =>
        SquaredNorms(module).Select(s => new GradientNorm(s.Name, Math.Sqrt(s.SquaredNorm))).ToArray();

    /// <summary>
    /// One norm per layer, over all of its parameters together: √(‖∂loss/∂W‖² + ‖∂loss/∂b‖²). A parameter's layer is
    /// <paramref name="layerOf"/>(its name), by default the name without its last part ("layers.3.weight" → "layers.3").
    /// Layers come in the order their first parameter does, which for a stack is input side first.
    /// </summary>
    public static IReadOnlyList<GradientNorm> PerLayer(nn.Module module, Func<string, string>? layerOf = null)
    {
        layerOf ??= OwningModule;
        var order = new List<string>();
        var sums = new Dictionary<string, double>();
        foreach (var (name, squared) in SquaredNorms(module))
        {
            string layer = layerOf(name);
            if (!sums.ContainsKey(layer))
            {
                order.Add(layer);
                sums[layer] = 0;
            }
            sums[layer] += squared;
        }
        return order.Select(layer => new GradientNorm(layer, Math.Sqrt(sums[layer]))).ToArray();
    }

    /// <summary>"layers.3.weight" → "layers.3"; a parameter of the module itself ("weight") is its own layer.</summary>
    public static string OwningModule(string parameterName)
    {
        int dot = parameterName.LastIndexOf('.');
        return dot < 0 ? parameterName : parameterName[..dot];
    }

    private static List<(string Name, double SquaredNorm)> SquaredNorms(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var trainable = module.named_parameters().Where(np => np.parameter.requires_grad).ToList();
        if (trainable.Count == 0)
            throw new ArgumentException($"{module.GetName()} has no parameters that require grad, so there are no gradients to measure.", nameof(module));

        var result = new List<(string, double)>();
        bool anyGradient = false;
        using (NewDisposeScope())
        {
            foreach (var (name, parameter) in trainable)
            {
                var grad = parameter.grad;
                anyGradient |= grad is not null;
                result.Add((name, grad is null ? 0.0 : grad.detach().to(ScalarType.Float64).square().sum().item<double>()));
            }
        }
        if (!anyGradient)
            throw new InvalidOperationException(
                $"No parameter of {module.GetName()} has a gradient yet. Compute a loss from its output and call loss.backward() first.");
        return result;
    }
}
