using LlmCourse.Gpt;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmCourse.FineTuning;

/// <summary>LoRA over a whole GPT: freeze it, wrap chosen projections in <see cref="LoraLinear"/>, and later merge them back.</summary>
/// <remarks>
/// Hu et al. 2021 adapt the attention's query and value matrices; here c_attn holds q, k and v in one matrix, so the
/// default targets are every projection of every block (rasbt/LLMs-from-scratch appendix E wraps every Linear likewise).
/// </remarks>
public static class Lora
{
    /// <summary>Every projection of a block, by its path in the block: the default targets.</summary>
    public static IReadOnlyList<string> AllProjections { get; } = ["attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj"];

    /// <summary>
    /// Freezes every parameter of <paramref name="model"/>, wraps the <paramref name="targets"/> of every block
    /// (default <see cref="AllProjections"/>) and returns the LoRA matrices: the only parameters left to train.
    /// </summary>
    public static IReadOnlyList<Parameter> Apply(GptModel model, int rank, double alpha, IReadOnlyCollection<string>? targets = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        targets ??= AllProjections;
        var unknown = targets.Except(AllProjections).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown LoRA target(s) {string.Join(", ", unknown)}; choose among {string.Join(", ", AllProjections)}.", nameof(targets));
        Freeze(model);
        var trainable = new List<Parameter>();
        foreach (var block in model.Blocks)
            foreach (string target in targets)
                Replace(block, target, projection =>
                {
                    if (projection is not Linear linear)
                        throw new InvalidOperationException($"{target} is already wrapped ({projection.GetType().Name}); apply LoRA to a plain model.");
                    var lora = new LoraLinear(linear, rank, alpha);
                    trainable.AddRange(lora.LoraParameters);
                    return lora;
                });
        return trainable;
    }

    /// <summary>Replaces every <see cref="LoraLinear"/> by its merged Linear (W + (alpha/r)·B·A); returns how many were merged.</summary>
    public static int Merge(GptModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int merged = 0;
        foreach (var block in model.Blocks)
            foreach (string target in AllProjections)
                Replace(block, target, projection =>
                {
                    if (projection is not LoraLinear lora)
                        return projection;
                    merged++;
                    return lora.Merge();
                });
        return merged;
    }

    /// <summary>Sets requires_grad = false on every parameter, so that only modules added afterwards train.</summary>
    public static void Freeze(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var parameter in module.parameters())
            parameter.requires_grad = false;
    }

    // target "attn.c_attn" → the block's attention, projection "c_attn"; swaps only when the function returns a new module.
    internal static void Replace(Transformer.Block block, string target, Func<nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>> wrap)
    {
        var (owner, name) = (target[..target.IndexOf('.')], target[(target.IndexOf('.') + 1)..]);
        if (owner == "attn")
        {
            var next = wrap(block.Attention.Projections[name]);
            if (!ReferenceEquals(next, block.Attention.Projections[name]))
                block.Attention.ReplaceProjection(name, next);
        }
        else
        {
            var next = wrap(block.Mlp.Projections[name]);
            if (!ReferenceEquals(next, block.Mlp.Projections[name]))
                block.Mlp.ReplaceProjection(name, next);
        }
    }
}
