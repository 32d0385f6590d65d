using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Attention;

/// <summary>One attention layer's keys and values for the positions seen so far, so that each new token costs one position's work.</summary>
/// <remarks>
/// When a decoder generates, the keys and values of earlier positions never change (causal attention: they cannot see
/// the new token), so recomputing them every step is waste. The cache keeps them in a buffer of fixed capacity, allocated
/// on the first <see cref="Append"/> with the keys' batch, heads, width, dtype and device, and written in place, so a
/// generation loop allocates nothing per step. It is for inference: what is written is detached from autograd.
/// </remarks>
public sealed class KvCache : IDisposable
{
    private Tensor? _keys;     // (B, nh, Capacity, hs)
    private Tensor? _values;   // (B, nh, Capacity, hs)

    /// <param name="capacity">The most positions it can hold: the model's context length (block size).</param>
    public KvCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The most positions the cache can hold.</summary>
    public int Capacity { get; }

    /// <summary>Positions cached so far; the next token appended sits at this position.</summary>
    public int Length { get; private set; }

    /// <summary>
    /// Stores k and v (B, nh, Tnew, hs) after the cached positions and returns views of everything cached,
    /// (B, nh, Length, hs) each, the new positions included.
    /// </summary>
    public (Tensor Keys, Tensor Values) Append(Tensor k, Tensor v)
    {
        ArgumentNullException.ThrowIfNull(k);
        ArgumentNullException.ThrowIfNull(v);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (k.dim() != 4 || !k.shape.SequenceEqual(v.shape))
            throw new ArgumentException(
                $"Keys and values must both be (B, nh, T, hs); found {Checks.Check.Format(k.shape)} and {Checks.Check.Format(v.shape)}.");
        long added = k.shape[2];
        if (Length + added > Capacity)
            throw new InvalidOperationException(
                $"The KV cache holds at most {Capacity} positions (the block size); it has {Length} and {added} more do not fit. "
                + "Call Clear() and feed the most recent tokens again, or crop the context to the block size.");
        if (_keys is null || _values is null)
        {
            // Outside any dispose scope: the buffers live as long as the cache, not as long as the step that created them.
            _keys = zeros([k.shape[0], k.shape[1], Capacity, k.shape[3]], k.dtype, k.device).DetachFromDisposeScope();
            _values = zeros([v.shape[0], v.shape[1], Capacity, v.shape[3]], v.dtype, v.device).DetachFromDisposeScope();
        }
        else if (k.shape[0] != _keys.shape[0] || k.shape[1] != _keys.shape[1] || k.shape[3] != _keys.shape[3])
        {
            throw new ArgumentException(
                $"This cache holds (B, nh, ·, hs) = {Checks.Check.Format(_keys.shape)}; keys of shape {Checks.Check.Format(k.shape)} "
                + "belong to another batch or model. Use one cache per model and batch.");
        }

        using (no_grad())
        {
            _keys.narrow(2, Length, added).copy_(k);       // (B, nh, Tnew, hs) into positions Length … Length+Tnew−1
            _values.narrow(2, Length, added).copy_(v);
        }
        Length += (int)added;
        return (_keys.narrow(2, 0, Length), _values.narrow(2, 0, Length));   // views (B, nh, Length, hs), no copy
    }

    /// <summary>Forgets every position (keeps the buffers), so generation can start again at position 0.</summary>
    public void Clear() => Length = 0;

    public void Dispose()
    {
        _keys?.Dispose();
        _values?.Dispose();
        _keys = _values = null;
        _disposed = true;
    }

    private bool _disposed;
}
