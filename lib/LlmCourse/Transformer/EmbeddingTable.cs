using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace LlmCourse.Transformer;

/// <summary>A learned lookup table: id i reads row i of a (N, C) weight. GPT uses one for tokens (wte) and one for positions (wpe).</summary>
/// <remarks>
/// The same job as nn.Embedding, written in C# so that its weight is one Parameter object that a language-model head can
/// share (weight tying, Press and Wolf 2017): TorchSharp's nn.Embedding hands out a new wrapper for its weight on every
/// read, which autograd and the optimizer would count as two parameters. Rows start from N(0, 1), as nn.Embedding's do.
/// </remarks>
public sealed class EmbeddingTable : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = nameof(weight))]   // state_dict "weight", as nn.Embedding's
    private Parameter _weight;

    public EmbeddingTable(long count, long channels, Device? device = null)
        : base(nameof(EmbeddingTable))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        _weight = new Parameter(randn(count, channels, device: device));
        RegisterComponents();
    }

    /// <summary>
    /// The (N, C) table, state_dict "weight". Setting it replaces the table without freeing the old tensor, which a tied
    /// head may still hold while a model moves between devices.
    /// </summary>
    public Parameter weight
    {
        get => _weight;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _weight = value;
            ConditionallyRegisterParameter(nameof(weight), value);
        }
    }

    /// <summary>Rows it holds: the vocabulary size for tokens, the block size for positions.</summary>
    public long Count => _weight.shape[0];

    /// <summary>ids (…) int64 → (…, C).</summary>
    public override Tensor forward(Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.dtype != ScalarType.Int64)
            throw new ArgumentException($"Ids must be int64 (long), not {ids.dtype}. Convert with .to(ScalarType.Int64).", nameof(ids));
        return _weight[ids];   // (…) -> (…, C): a row lookup, whose gradient adds into the rows that were read
    }
}
