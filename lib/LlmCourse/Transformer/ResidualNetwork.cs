using LlmCourse.Gradients;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmCourse.Transformer;

/// <summary>A <see cref="DeepPlainNetwork"/> with residual connections: each hidden layer computes x + f(x) instead of f(x).</summary>
/// <remarks>
/// He, Zhang, Ren and Sun 2016, "Deep Residual Learning for Image Recognition". The derivative of x + f(x) is I + f′(x),
/// so the gradient reaching layer 1 is a sum that always contains the plain path through the identities, and does not
/// shrink with depth as the plain network's product of slopes does. Built with the same arguments after the same seed,
/// it holds exactly the weights of a <see cref="DeepPlainNetwork"/>, with the same state_dict names ("layers.i.*",
/// "head.*"), so a chart of <see cref="GradientNorms.PerLayer"/> compares the two with nothing else changed.
/// Layer 0 maps the inputs to the width, so it has no residual unless inputs = width.
/// </remarks>
public sealed class ResidualNetwork : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers;   // state_dict "layers.0.*" … "layers.{depth-1}.*": input side first
    private readonly Linear head;                  // "head.*": width → outputs, no activation
    private readonly Activation _activation;

    /// <param name="gain">As <see cref="DeepPlainNetwork"/>: null for TorchSharp's default initialisation, else N(0, gain²/fan_in).</param>
    public ResidualNetwork(int inputs, int width, int depth, int outputs, Activation activation, double? gain = null)
        : base(nameof(ResidualNetwork))
    {
        (layers, head) = DeepPlainNetwork.CreateLayers(inputs, width, depth, outputs, gain);   // the same weights after the same seed
        _activation = activation;
        Depth = depth;
        RegisterComponents();
    }

    /// <summary>Hidden layers, not counting the head.</summary>
    public int Depth { get; }

    /// <summary>x (N, inputs) → scores (N, outputs).</summary>
    public override Tensor forward(Tensor x)
    {
        foreach (var linear in layers)
        {
            var f = Activate(linear.call(x));                     // (N, in) -> (N, width)
            x = f.shape[1] == x.shape[1] ? x + f : f;             // the skip connection, where the widths match
        }
        return head.call(x);                                       // (N, width) -> (N, outputs)
    }

    private Tensor Activate(Tensor x) => DeepPlainNetwork.Apply(_activation, x);
}
