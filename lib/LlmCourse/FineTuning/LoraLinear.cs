using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.FineTuning;

/// <summary>A frozen Linear plus a trainable low-rank update: y = x·Wᵀ + b + (alpha/r)·x·Aᵀ·Bᵀ (LoRA).</summary>
/// <remarks>
/// Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large Language Models"; the layout follows microsoft/LoRA's loralib
/// (lora_A (r, in), lora_B (out, r), scaling alpha/r, A random, B zero so training starts exactly at the base model).
/// The base's weight and bias are held as this module's own "weight" and "bias", so its state_dict keys are the plain
/// Linear's plus "lora_A" and "lora_B". Freezing the base is the caller's job (<see cref="Lora.Apply"/> does it).
/// </remarks>
public sealed class LoraLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;    // state_dict "weight": (out, in), the base Linear's own tensor
    private readonly Parameter? bias;     // "bias": (out), when the base has one
    private readonly Parameter lora_A;    // "lora_A": (r, in), Kaiming-uniform as loralib
    private readonly Parameter lora_B;    // "lora_B": (out, r), zeros: the update B·A starts at 0

    public LoraLinear(Linear baseLayer, int rank, double alpha)
        : base(nameof(LoraLinear))
    {
        ArgumentNullException.ThrowIfNull(baseLayer);
        long outFeatures = baseLayer.weight.shape[0], inFeatures = baseLayer.weight.shape[1];
        if (rank < 1 || rank > Math.Min(inFeatures, outFeatures))
            throw new ArgumentOutOfRangeException(nameof(rank), rank,
                $"The rank must lie in 1 … {Math.Min(inFeatures, outFeatures)} (the smaller side of the {outFeatures}x{inFeatures} weight); a low rank is the point of LoRA.");
        if (!(alpha > 0) || !double.IsFinite(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be a positive number; the update is scaled by alpha / rank.");
        Rank = rank;
        Alpha = alpha;
        weight = baseLayer.weight;
        bias = baseLayer.bias;
        var device = weight.device;
        lora_A = new Parameter(empty(rank, inFeatures, device: device));
        lora_B = new Parameter(zeros(outFeatures, rank, device: device));
        nn.init.kaiming_uniform_(lora_A, a: Math.Sqrt(5));
        RegisterComponents();
    }

    public int Rank { get; }

    public double Alpha { get; }

    /// <summary>alpha / r: keeps the update's size comparable when the rank changes, so the learning rate need not.</summary>
    public double Scaling => Alpha / Rank;

    /// <summary>The two trainable matrices, A then B.</summary>
    public IReadOnlyList<Parameter> LoraParameters => [lora_A, lora_B];

    /// <summary>x (…, in) → (…, out).</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var update = F.linear(F.linear(x, lora_A), lora_B);              // (…, in) -> (…, r) -> (…, out): never forms B·A
        return (F.linear(x, weight, bias) + update * Scaling).MoveToOuterDisposeScope();
    }

    /// <summary>The update (alpha/r)·B·A (out, in) that merging adds to the weight.</summary>
    public Tensor DeltaWeight() => lora_B.matmul(lora_A) * Scaling;    // (out, r) @ (r, in) -> (out, in)

    /// <summary>
    /// A plain Linear with weight W + (alpha/r)·B·A and the same bias: the same outputs with no extra matrices, so inference
    /// costs what the base model costs. Its parameters keep the base's requires_grad.
    /// </summary>
    public Linear Merge()
    {
        var merged = nn.Linear(weight.shape[1], weight.shape[0], hasBias: bias is not null, device: weight.device);
        using (no_grad())
        {
            merged.weight.copy_(weight + DeltaWeight());
            merged.weight.requires_grad = weight.requires_grad;
            if (bias is not null)
            {
                merged.bias!.copy_(bias);
                merged.bias.requires_grad = bias.requires_grad;
            }
        }
        return merged;
    }
}
