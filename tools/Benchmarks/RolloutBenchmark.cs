using System.Diagnostics;
using LlmCourse.Alignment;
using LlmCourse.Arithmetic;
using LlmCourse.Gpt;
using TorchSharp;
using static TorchSharp.torch;

namespace Benchmarks;

/// <summary>Batched answers of notebooks 13–15 with and without the KV cache, and whether the two give the same tokens.</summary>
internal sealed record RolloutResult(string Name, GptConfig Config, long Parameters, int Answers, int NewTokens, double CachedSeconds, double UncachedSeconds, bool Identical)
{
    public double Speedup => UncachedSeconds / CachedSeconds;
}

/// <summary>
/// Times <see cref="Rollouts.Sample(GptModel, Tensor, int, double, Generator?, int, long)"/> (KV cache) against the
/// whole-prefix overload on the toy world's shapes: a batch of instruction prompts ("What is 12 plus 34?", 20 tokens), a
/// fixed number of new tokens each (no stop token, so both do the same work however the untrained weights answer), sampled at
/// temperature 1 from one seed.
/// </summary>
internal static class RolloutBenchmark
{
    public static RolloutResult Run(string name, GptConfig config, int answers, int newTokens)
    {
        torch.random.manual_seed(1337);
        using var model = new GptModel(config);
        model.eval();
        using var prompt = tensor(ArithmeticWorld.Tokenizer.Encode("What is 12 plus 34?\n"));   // (P)

        Sample(model, prompt, 8, 4, cached: true);                                               // warm-up
        Sample(model, prompt, 8, 4, cached: false);
        var (cached, cachedSeconds) = Sample(model, prompt, answers, newTokens, cached: true);
        var (uncached, uncachedSeconds) = Sample(model, prompt, answers, newTokens, cached: false);
        return new RolloutResult(name, config, model.ParameterCount(), answers, newTokens, cachedSeconds, uncachedSeconds, cached.SequenceEqual(uncached));
    }

    private static (long[] Tokens, double Seconds) Sample(GptModel model, Tensor prompt, int answers, int newTokens, bool cached)
    {
        const long neverProduced = -1;
        var clock = Stopwatch.StartNew();
        var rollout = cached
            ? Rollouts.Sample(model, prompt, answers, 1.0, new Generator(7), newTokens, neverProduced)
            : Rollouts.Sample(model.call, prompt, answers, 1.0, new Generator(7), newTokens, neverProduced);
        double seconds = clock.Elapsed.TotalSeconds;
        using var ids = rollout.Ids;
        using var mask = rollout.ResponseMask;
        return (ids.data<long>().ToArray(), seconds);
    }
}
