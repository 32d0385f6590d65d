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
        return Rows(_weight, ids);   // (…) -> (…, C)
    }

    /// <summary>Row ids[…] of <paramref name="table"/> (N, C) for every id: (…) → (…, C), with a reproducible gradient.</summary>
    /// <remarks>
    /// The same values as the indexer <c>table[ids]</c>, but its backward differs. The indexer's backward (index_put_
    /// with accumulate) adds the gradient rows of repeated ids from several CPU threads in an order that changes from
    /// run to run, so two seeded trainings drifted apart (measured: a GPT's token-embedding gradient varied by 1e-8
    /// between identical steps, and after 150 steps the weights differed). index_select's backward (index_add_) adds
    /// them in a fixed order, and seeded runs give bit-identical weights.
    /// </remarks>
    public static Tensor Rows(Tensor table, Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.dtype != ScalarType.Int64)
            throw new ArgumentException($"Ids must be int64 (long), not {ids.dtype}. Convert with .to(ScalarType.Int64).", nameof(ids));
        var shape = ids.shape.Append(table.shape[1]).ToArray();
        return table.index_select(0, ids.reshape(-1)).view(shape);   // (…) -> (n) ids -> (n, C) rows -> (…, C)
    }
}
