using LlmCourse.Decoding;
using LlmCourse.Gpt;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Alignment;

/// <summary>Sampling groups of responses from a policy, and the log-probabilities the policy gives each response token.</summary>
/// <remarks>
/// The loop is the course's one sampler, <see cref="Generation.Generate"/> with a stop token, greedy or
/// <see cref="DecodingStrategy.Sampling"/>. A GPT is read through its KV cache: for a batch of answers of ~28 tokens after
/// prompts of ~22, recomputing the whole prefix at every step is over ten times the work (tools/Benchmarks measures both).
/// Sampling draws from a CPU <see cref="Generator"/>, so one seed gives one group on any device.
/// </remarks>
public static class Rollouts
{
    /// <summary>
    /// <paramref name="count"/> continuations of <paramref name="prompt"/> ((P) repeated count times, or (count, P)),
    /// each until <paramref name="stopToken"/> or <paramref name="maxNewTokens"/>. Temperature 0 is greedy (no generator
    /// needed); otherwise tokens are drawn from softmax(logits / temperature). Runs without autograd. The prefix is run
    /// through <paramref name="forward"/> whole at every step: for a model that is not a <see cref="GptModel"/> (a soft
    /// prompt in front of one, say); a GPT samples faster through the overload that takes it.
    /// </summary>
    public static Rollout Sample(
        Func<Tensor, Tensor> forward, Tensor prompt, int count, double temperature, Generator? generator, int maxNewTokens, long stopToken)
    {
        ArgumentNullException.ThrowIfNull(forward);
        return Sample(NextTokenModels.LastPosition(forward), prompt, count, temperature, generator, maxNewTokens, stopToken);
    }

    /// <summary>
    /// As the overload above, with <paramref name="policy"/> read through a KV cache: the prompt is run once, then each
    /// step feeds only the newest token (notebook 08). The same tokens as feeding the whole prefix (up to float rounding
    /// in the last digits of the logits), in a fraction of the time. The policy's train/eval mode is left as it is.
    /// </summary>
    public static Rollout Sample(
        GptModel policy, Tensor prompt, int count, double temperature, Generator? generator, int maxNewTokens, long stopToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        using var cache = policy.CreateCache();
        return Sample(policy.AsNextTokenModel(cache), prompt, count, temperature, generator, maxNewTokens, stopToken);
    }

    private static Rollout Sample(
        NextTokenModel model, Tensor prompt, int count, double temperature, Generator? generator, int maxNewTokens, long stopToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNewTokens, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(temperature);
        if (temperature > 0 && generator is null)
            throw new ArgumentException("Sampling at a temperature above 0 needs a seeded Generator, so a group can be drawn again.", nameof(generator));
        if (prompt.dtype != ScalarType.Int64 || prompt.dim() is not (1 or 2) || (prompt.dim() == 2 && prompt.shape[0] != count))
            throw new ArgumentException($"Expected the prompt as int64 (P) or ({count}, P), found {prompt.dtype} {Checks.Check.Format(prompt.shape)}.", nameof(prompt));

        using var scope = NewDisposeScope();
        var ids = prompt.dim() == 1 ? prompt.unsqueeze(0).expand(count, -1) : prompt;   // (P) -> (G, P)
        int promptLength = (int)ids.shape[1];
        var strategy = temperature == 0 ? DecodingStrategy.Greedy : DecodingStrategy.Sampling(generator!, temperature);
        var all = Generation.Generate(model, ids, maxNewTokens, strategy, stopToken: stopToken);   // (G, P + R)
        // A position is live while no stop token came before it: the stop token itself is live, the padding after it is not.
        var stops = all[.., promptLength..].eq(stopToken).to(ScalarType.Int64);        // (G, R) 1 at each stop token
        var stopsBefore = stops.cumsum(1) - stops;                                       // (G, R) stop tokens strictly before t
        var mask = stopsBefore.eq(0).to(ScalarType.Float32);                             // (G, R)
        return new Rollout(all.MoveToOuterDisposeScope(), promptLength, mask.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// (G, R) log π(token | prefix) of every response token of <paramref name="ids"/> (G, P + R) under <paramref name="forward"/>;
    /// with autograd when enabled, so a policy loss can be built on it. Padding positions get values too: mask them.
    /// </summary>
    public static Tensor ResponseLogProbs(Func<Tensor, Tensor> forward, Tensor ids, int promptLength)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(ids);
        if (promptLength < 1 || promptLength >= ids.shape[1])
            throw new ArgumentOutOfRangeException(nameof(promptLength), promptLength, $"The prompt length must be 1 … {ids.shape[1] - 1} for ids {Checks.Check.Format(ids.shape)}.");
        using var scope = NewDisposeScope();
        var logits = forward(ids[.., ..^1]);                                             // (G, L-1, V): position t predicts token t+1
        var logProbs = F.log_softmax(logits.to(ScalarType.Float32), -1);
        var taken = logProbs.gather(-1, ids[.., 1..].unsqueeze(-1)).squeeze(-1);         // (G, L-1, 1) -> (G, L-1)
        return taken[.., (promptLength - 1)..].MoveToOuterDisposeScope();                // (G, R): the response tokens only
    }
}
