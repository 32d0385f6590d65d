using LlmCourse.Attention;

namespace LlmCourse.Gpt;

/// <summary>A <see cref="KvCache"/> per block of a <see cref="GptModel"/>: what incremental generation keeps between steps.</summary>
public sealed class GptCache : IDisposable
{
    private readonly KvCache[] _layers;

    /// <summary>An empty cache for a model with <paramref name="layers"/> blocks and a context of <paramref name="capacity"/> positions.</summary>
    public GptCache(int layers, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        _layers = Enumerable.Range(0, layers).Select(_ => new KvCache(capacity)).ToArray();
    }

    /// <summary>One cache per block, block 0 first.</summary>
    public IReadOnlyList<KvCache> Layers => _layers;

    /// <summary>Positions cached so far (the same in every layer): the position the next token will take.</summary>
    public int Length => _layers[0].Length;

    /// <summary>The most positions it can hold: the model's block size.</summary>
    public int Capacity => _layers[0].Capacity;

    /// <summary>Forgets every position, keeping the memory, so the next forward starts again at position 0.</summary>
    public void Clear()
    {
        foreach (var layer in _layers)
            layer.Clear();
    }

    public void Dispose()
    {
        foreach (var layer in _layers)
            layer.Dispose();
    }
}
