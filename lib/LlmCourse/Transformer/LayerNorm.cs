using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmCourse.Transformer;

/// <summary>Layer normalisation written out: each position's C numbers to mean 0 and variance 1, then a learned scale and shift.</summary>
/// <remarks>
/// Ba, Kiros and Hinton 2016, "Layer Normalization". It normalises over the channels of one position (the last axis),
/// not over the batch as BatchNorm does, so it behaves the same in training and at inference and for any batch size.
/// The variance is the biased one (divide by C), and eps = 1e-5 sits inside the square root, as in torch.nn.LayerNorm.
/// The bias is optional, as in karpathy/nanoGPT model.py (LayerNorm with bias=False).
/// </remarks>
public sealed class LayerNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;    // state_dict "weight": (C), starts at 1 so the layer starts as a pure normaliser
    private readonly Parameter? bias;     // "bias": (C), starts at 0; absent when built with bias: false

    public LayerNorm(long size, bool bias = true, double eps = 1e-5, Device? device = null)
        : base(nameof(LayerNorm))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        weight = new Parameter(ones(size, device: device));
        this.bias = bias ? new Parameter(zeros(size, device: device)) : null;
        Size = size;
        Eps = eps;
        RegisterComponents();
    }

    /// <summary>Channels normalised: the length of the last axis.</summary>
    public long Size { get; }

    /// <summary>Added to the variance so that a constant input does not divide by zero.</summary>
    public double Eps { get; }

    public Parameter Weight => weight;

    public Parameter? Bias => bias;

    /// <summary>x (…, C) → (…, C).</summary>
    public override Tensor forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() < 1 || x.shape[^1] != Size)
            throw new ArgumentException($"LayerNorm({Size}) normalises a last axis of {Size}, but x has shape {Checks.Check.Format(x.shape)}.", nameof(x));
        using var scope = NewDisposeScope();
        var mean = x.mean([-1], keepdim: true);                           // (…, C) -> (…, 1)
        var centred = x - mean;
        var variance = centred.square().mean([-1], keepdim: true);        // (…, 1), divided by C (biased)
        var normalised = centred / (variance + Eps).sqrt();               // (…, C): mean 0, variance ≈ 1
        var y = normalised * weight;                                      // (…, C) * (C): broadcast over positions
        return (bias is null ? y : y + bias).MoveToOuterDisposeScope();
    }
}
