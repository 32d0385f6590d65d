using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Transformer;

/// <summary>The transformer's position-wise feed-forward network: widen 4×, GELU, narrow back, dropout.</summary>
/// <remarks>
/// Vaswani et al. 2017 §3.3 (with ReLU); GPT-2 (Radford et al. 2019) uses GELU in its tanh approximation, see
/// <see cref="Gelu.Tanh"/>. Names c_fc and c_proj are GPT-2's, as in karpathy/nanoGPT model.py (MLP). Each position is
/// transformed on its own: attention mixes positions, this mixes channels.
/// </remarks>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    // The projections are swappable (see ReplaceProjection) so that LoRA or an adapter can wrap them (notebook 13).
    private nn.Module<Tensor, Tensor> c_fc;      // state_dict "c_fc.*": (C) -> (4C)
    private nn.Module<Tensor, Tensor> c_proj;    // "c_proj.*": (4C) -> (C)
    private readonly Dropout dropout;

    public Mlp(int nEmbd, double dropout = 0.0, bool bias = true, Device? device = null)
        : base(nameof(Mlp))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nEmbd, 1);
        c_fc = nn.Linear(nEmbd, 4 * nEmbd, hasBias: bias, device: device);
        c_proj = nn.Linear(4 * nEmbd, nEmbd, hasBias: bias, device: device);
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>The two projections by state_dict name, "c_fc" and "c_proj" (plain Linears unless replaced).</summary>
    public IReadOnlyDictionary<string, nn.Module<Tensor, Tensor>> Projections =>
        new Dictionary<string, nn.Module<Tensor, Tensor>> { ["c_fc"] = c_fc, ["c_proj"] = c_proj };

    /// <summary>Puts <paramref name="replacement"/> (same sizes, e.g. LoRA-wrapped) in place of "c_fc" or "c_proj", under the same name.</summary>
    public void ReplaceProjection(string name, nn.Module<Tensor, Tensor> replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        switch (name)
        {
            case "c_fc": c_fc = replacement; break;
            case "c_proj": c_proj = replacement; break;
            default: throw new ArgumentException($"The MLP has projections c_fc and c_proj, not '{name}'.", nameof(name));
        }
        register_module(name, null!);          // TorchSharp: null unregisters the old module …
        register_module(name, replacement);    // … so the new one can take its name
    }

    /// <summary>x (B, T, C) → (B, T, C).</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var hidden = F.gelu(c_fc.call(x), GELU.Approximate.tanh);    // (B, T, C) -> (B, T, 4C); libtorch's kernel for Gelu.Tanh
        return dropout.call(c_proj.call(hidden)).MoveToOuterDisposeScope();   // (B, T, 4C) -> (B, T, C)
    }
}
