using LlmCourse.Gpt;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmCourse.FineTuning;

/// <summary>Prompt tuning: N trainable vectors placed before every prompt's token embeddings; the GPT itself stays frozen.</summary>
/// <remarks>
/// Lester et al. 2021, "The Power of Scale for Parameter-Efficient Prompt Tuning" (a learned prefix at the input only;
/// Li and Liang 2021's prefix tuning also learns prefixes inside every layer). The vectors start as copies of random rows
/// of the token embedding, which Lester et al. found better than random noise. The prefix takes positions 0 … N−1, so
/// N + the sequence must fit the block size. The model is held through functions, not as a submodule, so this module's
/// parameters are the prefix alone.
/// </remarks>
public sealed class SoftPrompt : nn.Module<Tensor, Tensor>
{
    private readonly Parameter prefix;                        // state_dict "prefix": (N, C)
    private readonly Func<Tensor, Tensor> embed;              // ids (B, T) -> (B, T, C): the model's own wte
    private readonly Func<Tensor, Tensor> fromEmbeddings;     // (B, N+T, C) -> (B, N+T, V)

    /// <summary>A prefix of <paramref name="length"/> vectors for <paramref name="model"/>; seed first for the same start.</summary>
    public SoftPrompt(GptModel model, int length)
        : base(nameof(SoftPrompt))
    {
        ArgumentNullException.ThrowIfNull(model);
        if (length < 1 || length >= model.Config.BlockSize)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"A soft prompt needs 1 … {model.Config.BlockSize - 1} vectors: it shares the block size ({model.Config.BlockSize}) with the text.");
        var table = model.Transformer.TokenEmbedding.weight;                                      // (V, C)
        using (no_grad())
        {
            var rows = randint(0, table.shape[0], [length], dtype: ScalarType.Int64, device: table.device);
            prefix = new Parameter(table.index_select(0, rows).clone());                         // (N, C)
        }
        Length = length;
        BlockSize = model.Config.BlockSize;
        embed = model.Transformer.TokenEmbedding.call;
        fromEmbeddings = model.ForwardEmbeddings;
        RegisterComponents();
    }

    /// <summary>N, the number of trainable vectors.</summary>
    public int Length { get; }

    public int BlockSize { get; }

    public Parameter Prefix => prefix;

    /// <summary>ids (B, T) → logits (B, T, V) for the text positions only, computed with the prefix in front.</summary>
    public override Tensor forward(Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.dim() != 2)
            throw new ArgumentException($"Expected ids (B, T), found {Checks.Check.Format(ids.shape)}.", nameof(ids));
        if (Length + ids.shape[1] > BlockSize)
            throw new ArgumentException(
                $"The soft prompt's {Length} vectors + {ids.shape[1]} tokens exceed the model's context of {BlockSize} (BlockSize). "
                + "Use a shorter soft prompt or shorter text (fewer new tokens).", nameof(ids));
        using var scope = NewDisposeScope();
        long b = ids.shape[0];
        var text = embed(ids);                                                  // (B, T) -> (B, T, C)
        var front = prefix.unsqueeze(0).expand(b, -1, -1);                      // (N, C) -> (B, N, C)
        var logits = fromEmbeddings(cat([front, text], 1));                     // (B, N+T, C) -> (B, N+T, V)
        return logits[.., Length.., ..].MoveToOuterDisposeScope();              // (B, N+T, V) -> (B, T, V)
    }
}
