using LlmCourse.Gpt;
using TorchSharp.Modules;

namespace LlmCourse.FineTuning;

/// <summary>Bottleneck adapters over a whole GPT: freeze it and put an adapter after each block's attention and MLP output.</summary>
/// <remarks>Houlsby et al. 2019 insert two adapters per layer, after the attention's and the feed-forward's output projections.</remarks>
public static class Adapters
{
    /// <summary>Freezes <paramref name="model"/>, wraps attn.c_proj and mlp.c_proj of every block, and returns the adapters' parameters.</summary>
    public static IReadOnlyList<Parameter> Apply(GptModel model, int bottleneck)
    {
        ArgumentNullException.ThrowIfNull(model);
        Lora.Freeze(model);
        var trainable = new List<Parameter>();
        foreach (var block in model.Blocks)
            foreach (string target in (string[])["attn.c_proj", "mlp.c_proj"])
                Lora.Replace(block, target, projection =>
                {
                    if (projection is not Linear linear)
                        throw new InvalidOperationException($"{target} is already wrapped ({projection.GetType().Name}); add adapters to a plain model.");
                    var adapted = new AdaptedLinear(linear, bottleneck);
                    trainable.AddRange(adapted.Adapter.parameters());
                    return adapted;
                });
        return trainable;
    }
}
