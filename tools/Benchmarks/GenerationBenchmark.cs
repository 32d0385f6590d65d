using System.Diagnostics;
using LlmCourse.Gpt;
using TorchSharp;
using static TorchSharp.torch;

namespace Benchmarks;

/// <summary>Greedy generation's speed with and without the KV cache, and whether the two give the same tokens.</summary>
internal sealed record GenerationResult(string Name, GptConfig Config, long Parameters, int NewTokens, double CachedTokensPerSecond, double UncachedTokensPerSecond, bool Identical)
{
    public double Speedup => CachedTokensPerSecond / UncachedTokensPerSecond;
}

/// <summary>
/// Times <see cref="GptModel.Generate"/> on an untrained model (speed does not depend on the weights): the prompt is one
/// token, so with 500 new tokens at context 256 the window fills, jumps and refills as it would in real use.
/// </summary>
internal static class GenerationBenchmark
{
    public static GenerationResult Run(string name, GptConfig config, int newTokens)
    {
        torch.random.manual_seed(1337);
        using var model = new GptModel(config);
        model.eval();
        using var prompt = zeros(1, 1, ScalarType.Int64);                       // (1, 1): token 0, '\n' in Tiny Shakespeare

        Generate(model, prompt, Math.Min(20, newTokens), useCache: true);        // warm-up: first calls allocate and pick kernels
        Generate(model, prompt, Math.Min(20, newTokens), useCache: false);
        var (cached, cachedSeconds) = Generate(model, prompt, newTokens, useCache: true);
        var (uncached, uncachedSeconds) = Generate(model, prompt, newTokens, useCache: false);
        return new GenerationResult(name, config, model.ParameterCount(), newTokens,
            newTokens / cachedSeconds, newTokens / uncachedSeconds, cached.SequenceEqual(uncached));
    }

    private static (long[] Tokens, double Seconds) Generate(GptModel model, Tensor prompt, int newTokens, bool useCache)
    {
        var clock = Stopwatch.StartNew();
        using var output = model.Generate(prompt, newTokens, temperature: 0, useCache: useCache);   // (1, 1 + newTokens)
        double seconds = clock.Elapsed.TotalSeconds;
        return (output.data<long>().ToArray(), seconds);
    }
}
