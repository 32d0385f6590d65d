using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>GRPO's experience: G sampled answers to each prompt, drawn in one batch, with their rewards.</summary>
/// <param name="Prompts">The N prompts (all of one length in tokens: learned positions forbid left padding).</param>
/// <param name="Rollout">N·G rows, prompt-major: row n·G + g is answer g to prompt n.</param>
/// <param name="Responses">The N·G decoded responses, in the same order.</param>
/// <param name="Rewards">(N, G) float32: the reward function's score of each response.</param>
public sealed record GroupSample(IReadOnlyList<string> Prompts, Rollout Rollout, string[] Responses, Tensor Rewards)
{
    /// <summary>G, the answers per prompt.</summary>
    public int GroupSize => (int)Rewards.shape[1];
}

/// <summary>Draws groups of answers from a policy; the same generator seed gives the same groups.</summary>
public static class GroupSampler
{
    /// <summary>
    /// <paramref name="groupSize"/> answers to each of <paramref name="prompts"/> (of one length in tokens), sampled at
    /// <paramref name="temperature"/> with <paramref name="generator"/> until <paramref name="stopToken"/>, and scored by
    /// <paramref name="reward"/>(n, response): the reward of a response to prompt n.
    /// </summary>
    public static GroupSample Sample(Func<Tensor, Tensor> forward, CharTokenizer tokenizer, IReadOnlyList<string> prompts, Func<int, string, double> reward,
        int groupSize, double temperature, Generator generator, int maxNewTokens, long stopToken, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(forward);
        return Sample((ids, count) => Rollouts.Sample(forward, ids, count, temperature, generator, maxNewTokens, stopToken),
            tokenizer, prompts, reward, groupSize, generator, device);
    }

    /// <summary>As the overload above for a GPT policy, read through its KV cache; the prompts go to the device of its weights.</summary>
    public static GroupSample Sample(GptModel policy, CharTokenizer tokenizer, IReadOnlyList<string> prompts, Func<int, string, double> reward,
        int groupSize, double temperature, Generator generator, int maxNewTokens, long stopToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Sample((ids, count) => Rollouts.Sample(policy, ids, count, temperature, generator, maxNewTokens, stopToken),
            tokenizer, prompts, reward, groupSize, generator, policy.HeadWeight.device);
    }

    private static GroupSample Sample(Func<Tensor, int, Rollout> sample, CharTokenizer tokenizer, IReadOnlyList<string> prompts, Func<int, string, double> reward,
        int groupSize, Generator generator, Device? device)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(reward);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 2);
        if (prompts.Count == 0)
            throw new ArgumentException("No prompts to sample answers for.", nameof(prompts));
        var encoded = prompts.Select((text, i) => tokenizer.Encode(text, $"prompt {i}")).ToList();
        int p = encoded[0].Length;
        if (encoded.Any(ids => ids.Length != p))
            throw new ArgumentException("Prompts of one group batch must have one length; group them by length first.", nameof(prompts));
        using var scope = NewDisposeScope();
        var ids = tensor(encoded.SelectMany(ids => ids).ToArray(), device: device).reshape(prompts.Count, p);   // (N, P)
        var repeated = ids.repeat_interleave(groupSize, 0);                                                       // (N, P) -> (N·G, P)
        var rollout = sample(repeated, prompts.Count * groupSize);
        var texts = rollout.DecodeResponses(tokenizer);
        var rewards = texts.Select((t, i) => (float)reward(i / groupSize, t)).ToArray();
        var kept = new Rollout(rollout.Ids.MoveToOuterDisposeScope(), rollout.PromptLength, rollout.ResponseMask.MoveToOuterDisposeScope());
        var rewardTensor = tensor(rewards, device: device).reshape(prompts.Count, groupSize);                   // (N·G) -> (N, G)
        return new GroupSample(prompts, kept, texts, rewardTensor.MoveToOuterDisposeScope());
    }
}
