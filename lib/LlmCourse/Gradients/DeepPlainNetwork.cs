using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Gradients;

/// <summary>The non-linearity between the layers of a <see cref="DeepPlainNetwork"/>.</summary>
public enum Activation
{
    Tanh,
    Sigmoid,
    Relu,
}

/// <summary>A deep stack of Linear + activation layers and nothing else: no residuals, no normalization. Its gradients vanish or explode.</summary>
/// <remarks>
/// Backpropagation multiplies the gradient by each layer's weights and activation slope on its way to the input, so the
/// first layer's gradient is a product of <c>depth</c> factors: slightly below 1 each and it vanishes, above 1 and it
/// explodes (Glorot and Bengio 2010, "Understanding the difficulty of training deep feedforward neural networks";
/// He et al. 2015, "Delving Deep into Rectifiers"). Notebook 06 adds residual connections and LayerNorm to this stack.
/// </remarks>
public sealed class DeepPlainNetwork : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers;   // state_dict "layers.0.*" … "layers.{depth-1}.*": input side first
    private readonly Linear head;                  // "head.*": width → outputs, no activation (scores for cross_entropy)
    private readonly Activation _activation;

    /// <param name="inputs">Numbers per example coming in.</param>
    /// <param name="width">Neurons in every hidden layer.</param>
    /// <param name="depth">Hidden layers (Linear + activation), at least 1; the head comes on top.</param>
    /// <param name="outputs">Scores per example going out.</param>
    /// <param name="gain">
    /// null: TorchSharp's default initialisation (uniform in ±1/√fan_in, as torch.nn.Linear). Otherwise every weight is
    /// drawn from N(0, gain²/fan_in) and biases start at 0: gain 1 is LeCun's scale, √2 He's for ReLU, larger explodes.
    /// </param>
    public DeepPlainNetwork(int inputs, int width, int depth, int outputs, Activation activation, double? gain = null)
        : base(nameof(DeepPlainNetwork))
    {
        (layers, head) = CreateLayers(inputs, width, depth, outputs, gain);
        _activation = activation;
        Depth = depth;
        RegisterComponents();
    }

    /// <summary>Hidden layers, not counting the head.</summary>
    public int Depth { get; }

    public Activation Activation => _activation;

    /// <summary>x (N, inputs) → scores (N, outputs).</summary>
    public override Tensor forward(Tensor x)
    {
        foreach (var linear in layers)
            x = Activate(linear.call(x));   // (N, in) -> (N, width)
        return head.call(x);                // (N, width) -> (N, outputs)
    }

    private Tensor Activate(Tensor x) => Apply(_activation, x);

    /// <summary>The activation function itself; shared with <see cref="Transformer.ResidualNetwork"/>.</summary>
    internal static Tensor Apply(Activation activation, Tensor x) => activation switch
    {
        Activation.Tanh => x.tanh(),
        Activation.Sigmoid => x.sigmoid(),
        _ => F.relu(x),
    };

    /// <summary>
    /// Checks the sizes, creates the hidden layers and the head, and initialises them. ResidualNetwork calls this too, so one
    /// seed gives both networks the same weights: the creation and initialisation order lives in this one place.
    /// </summary>
    internal static (ModuleList<Linear> Layers, Linear Head) CreateLayers(int inputs, int width, int depth, int outputs, double? gain)
    {
        if (inputs < 1 || width < 1 || outputs < 1)
            throw new ArgumentOutOfRangeException(nameof(width), $"Sizes must be positive: inputs {inputs}, width {width}, outputs {outputs}.");
        if (depth < 1)
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "A network needs at least one hidden layer.");
        if (gain is { } g && !(g > 0 && double.IsFinite(g)))
            throw new ArgumentOutOfRangeException(nameof(gain), gain, "The gain must be a positive number (or null for the default initialisation).");

        var layers = new ModuleList<Linear>();
        for (int i = 0; i < depth; i++)
            layers.Add(nn.Linear(i == 0 ? inputs : width, width));
        var head = nn.Linear(width, outputs);
        if (gain is { } scale)
        {
            using (no_grad())
            {
                foreach (var linear in layers.Append(head))
                {
                    long fanIn = linear.weight!.shape[1];
                    nn.init.normal_(linear.weight, 0, scale / Math.Sqrt(fanIn));
                    nn.init.zeros_(linear.bias!);
                }
            }
        }
        return (layers, head);
    }
}
