using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.FineTuning;

/// <summary>A frozen Linear followed by a <see cref="BottleneckAdapter"/>: where Houlsby et al. put adapters, after a sub-layer's output projection.</summary>
/// <remarks>
/// Wrapping the attention's and the MLP's c_proj puts one adapter on each sub-layer's output before it joins the
/// residual stream (Houlsby et al. 2019, Figure 2). The base's weight and bias stay this module's "weight" and "bias".
/// </remarks>
public sealed class AdaptedLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;            // state_dict "weight": the base Linear's (out, in)
    private readonly Parameter? bias;             // "bias"
    private readonly BottleneckAdapter adapter;   // "adapter.*"

    public AdaptedLinear(Linear baseLayer, int bottleneck)
        : base(nameof(AdaptedLinear))
    {
        ArgumentNullException.ThrowIfNull(baseLayer);
        weight = baseLayer.weight;
        bias = baseLayer.bias;
        adapter = new BottleneckAdapter((int)weight.shape[0], bottleneck, weight.device);
        RegisterComponents();
    }

    public BottleneckAdapter Adapter => adapter;

    /// <summary>x (…, in) → (…, out).</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return adapter.call(F.linear(x, weight, bias)).MoveToOuterDisposeScope();   // (…, in) -> (…, out) -> (…, out)
    }
}
