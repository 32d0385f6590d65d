using LlmCourse.Arithmetic;
using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>GRPO's experience: G sampled answers to each prompt, drawn in one batch, with their rule rewards.</summary>
/// <param name="Examples">The N prompts (all of one length: learned positions forbid left padding).</param>
/// <param name="Rollout">N·G rows, prompt-major: row n·G + g is answer g to prompt n.</param>
/// <param name="Responses">The N·G decoded responses, in the same order.</param>
/// <param name="Rewards">(N, G) float32 rewards by <see cref="ArithmeticRewards.Reward"/>.</param>
public sealed record GroupSample(IReadOnlyList<InstructionExample> Examples, Rollout Rollout, string[] Responses, Tensor Rewards)
{
    /// <summary>G, the answers per prompt.</summary>
    public int GroupSize => (int)Rewards.shape[1];
}

/// <summary>Draws groups of answers from a policy; the same generator seed gives the same groups.</summary>
public static class GroupSampler
{
    /// <summary>
    /// <paramref name="groupSize"/> answers to each of <paramref name="examples"/> (prompts of one length), sampled at
    /// <paramref name="temperature"/> with <paramref name="generator"/>, and scored by the hidden rule.
    /// </summary>
    public static GroupSample Sample(Func<Tensor, Tensor> forward, IReadOnlyList<InstructionExample> examples, int groupSize,
        double temperature, Generator generator, int maxNewTokens, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 2);
        if (examples.Count == 0)
            throw new ArgumentException("No prompts to sample answers for.", nameof(examples));
        var tokenizer = ArithmeticWorld.Tokenizer;
        var prompts = examples.Select((e, i) => tokenizer.Encode(e.Prompt, $"prompt {i}")).ToList();
        int p = prompts[0].Length;
        if (prompts.Any(ids => ids.Length != p))
            throw new ArgumentException("Prompts of one group batch must have one length; group them by length first (GroupBy(e => e.Prompt.Length)).", nameof(examples));
        using var scope = NewDisposeScope();
        var ids = tensor(prompts.SelectMany(ids => ids).ToArray(), device: device).reshape(examples.Count, p);   // (N, P)
        var repeated = ids.repeat_interleave(groupSize, 0);                                                        // (N, P) -> (N·G, P)
        var rollout = Rollouts.Sample(forward, repeated, examples.Count * groupSize, temperature, generator, maxNewTokens, ArithmeticWorld.EndOfText);
        var texts = rollout.DecodeResponses(tokenizer);
        var rewards = texts.Select((t, i) => (float)ArithmeticRewards.Reward(examples[i / groupSize].Problem, t)).ToArray();
        var kept = new Rollout(rollout.Ids.MoveToOuterDisposeScope(), rollout.PromptLength, rollout.ResponseMask.MoveToOuterDisposeScope());
        var rewardTensor = tensor(rewards, device: device).reshape(examples.Count, groupSize);                    // (N·G) -> (N, G)
        return new GroupSample(examples, kept, texts, rewardTensor.MoveToOuterDisposeScope());
    }
}
