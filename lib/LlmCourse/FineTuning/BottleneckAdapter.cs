using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.FineTuning;

/// <summary>Houlsby et al.'s adapter: h + up(GELU(down(h))), a small bottleneck MLP with its own residual connection.</summary>
/// <remarks>
/// Houlsby et al. 2019, "Parameter-Efficient Transfer Learning for NLP" §2.1. The up-projection starts at zero (their
/// near-identity initialisation, taken to the limit), so inserting adapters leaves the model's outputs unchanged until
/// training moves them.
/// </remarks>
public sealed class BottleneckAdapter : nn.Module<Tensor, Tensor>
{
    private readonly Linear down;   // state_dict "down.*": (C) -> (m)
    private readonly Linear up;     // "up.*": (m) -> (C), zero-initialised

    public BottleneckAdapter(int channels, int bottleneck, Device? device = null)
        : base(nameof(BottleneckAdapter))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (bottleneck < 1)
            throw new ArgumentOutOfRangeException(nameof(bottleneck), bottleneck, "The bottleneck needs at least one unit.");
        down = nn.Linear(channels, bottleneck, device: device);
        up = nn.Linear(bottleneck, channels, device: device);
        using (no_grad())
        {
            up.weight.zero_();
            up.bias!.zero_();
        }
        Channels = channels;
        Bottleneck = bottleneck;
        RegisterComponents();
    }

    public int Channels { get; }

    public int Bottleneck { get; }

    /// <summary>h (…, C) → (…, C).</summary>
    public override Tensor forward(Tensor h)
    {
        using var scope = NewDisposeScope();
        var small = F.gelu(down.call(h));                          // (…, C) -> (…, m)
        return (h + up.call(small)).MoveToOuterDisposeScope();     // (…, m) -> (…, C), added to the input
    }
}
