using System.Diagnostics;
using LlmCourse.Arithmetic;
using LlmCourse.Gpt;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>
/// GRPO for a toy-world GPT (Shao et al. 2024): sample G answers per prompt, score them by rule, use each answer's
/// z-score within its group as the advantage of all its tokens, then take <see cref="GrpoOptions.Iterations"/> steps on
/// the clipped ratio objective with a k3 KL term to the frozen reference. No value model, no reward model.
/// </summary>
/// <remarks>
/// Usage: <c>var grpo = new GrpoTrainer(policy, ArithmeticModels.Copy(policy), new GrpoOptions());</c> then
/// <c>GrpoStepStats s = grpo.Step(batchOfInstructions);</c> in a loop. The policy is trained in place.
/// </remarks>
public sealed class GrpoTrainer : IDisposable
{
    private readonly GptModel policy;
    private readonly GptModel reference;
    private readonly List<Parameter> trainable;
    private readonly optim.Optimizer optimizer;
    private readonly Generator generator;
    private int steps;

    public GrpoTrainer(GptModel policy, GptModel reference, GrpoOptions? options = null)
    {
        this.policy = policy ?? throw new ArgumentNullException(nameof(policy));
        this.reference = reference ?? throw new ArgumentNullException(nameof(reference));
        if (ReferenceEquals(policy, reference))
            throw new ArgumentException("The reference must be a separate, frozen copy of the policy (ArithmeticModels.Copy).", nameof(reference));
        Options = options ?? new GrpoOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.GroupSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Iterations, 1);
        foreach (var p in reference.parameters())
            p.requires_grad = false;
        reference.eval();
        trainable = [.. policy.parameters()];
        optimizer = optim.AdamW(trainable, Options.LearningRate, weight_decay: 0.0);
        generator = new Generator((ulong)Options.Seed);
    }

    public GrpoOptions Options { get; }

    /// <summary>Every step's stats so far.</summary>
    public List<GrpoStepStats> History { get; } = [];

    /// <summary>Parameters held by the policy and the reference: all GRPO keeps (PPO adds a value model, RLHF a reward model).</summary>
    public (long Policy, long Reference) ParameterCounts => (Count(policy), Count(reference));

    /// <summary>One GRPO iteration on <paramref name="batch"/>: G answers per instruction, then the updates.</summary>
    public GrpoStepStats Step(IReadOnlyList<InstructionExample> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
            throw new ArgumentException("A GRPO step needs at least one prompt.", nameof(batch));
        var clock = Stopwatch.StartNew();
        var o = Options;
        using var scope = NewDisposeScope();                                 // frees every rollout tensor when the step ends
        policy.eval();
        var chunks = new List<(GroupSample Sample, Tensor Old, Tensor Ref, Tensor Advantages)>();
        using (no_grad())
            foreach (var group in batch.GroupBy(e => e.Prompt.Length))      // characters = tokens in this world
            {
                var sample = GroupSampler.Sample(policy.call, group.ToList(), o.GroupSize, o.Temperature, generator, o.MaxNewTokens, policy.HeadWeight.device);
                var ids = sample.Rollout.Ids;
                int p = sample.Rollout.PromptLength;
                var advantages = GroupAdvantages.ZScores(sample.Rewards, o.Epsilon, o.ScaleRewards).reshape(-1);   // (N, G) -> (N·G)
                chunks.Add((sample, Rollouts.ResponseLogProbs(policy.call, ids, p), Rollouts.ResponseLogProbs(reference.call, ids, p), advantages));
            }

        // Each chunk's loss is a mean over its own rows (or tokens); weighting by its share makes the sum the batch's mean.
        double Size(GroupSample s) => o.Averaging == GrpoAveraging.PerToken ? s.Rollout.ResponseMask.sum().item<float>() : s.Rollout.Ids.shape[0];
        double total = chunks.Sum(c => Size(c.Sample));
        double loss = 0, clipFraction = 0, kl = 0;
        policy.train();
        for (int iteration = 0; iteration < o.Iterations; iteration++)
        {
            optimizer.zero_grad();
            foreach (var (sample, old, referenceLogProbs, advantages) in chunks)
            {
                using var inner = NewDisposeScope();
                double weight = Size(sample) / total;
                var logProbs = Rollouts.ResponseLogProbs(policy.call, sample.Rollout.Ids, sample.Rollout.PromptLength);
                var (l, clip, k) = GrpoLoss.Compute(logProbs, old, referenceLogProbs, advantages, sample.Rollout.ResponseMask, o.ClipRange, o.Beta, o.Averaging);
                (l * weight).backward();
                loss += l.item<float>() * weight;
                clipFraction += clip * weight;
                if (iteration == 0)
                    kl += k * weight;
            }
            if (o.GradientClip > 0)
                nn.utils.clip_grad_norm_(trainable, o.GradientClip);
            optimizer.step();
        }
        policy.eval();

        var answers = chunks.SelectMany(c => c.Sample.Responses.Select((t, i) => (Problem: c.Sample.Examples[i / o.GroupSize].Problem, Text: t))).ToList();
        var stats = new GrpoStepStats(
            steps++,
            chunks.Sum(c => c.Sample.Rewards.sum().item<float>()) / answers.Count,
            answers.Average(a => ArithmeticRewards.IsCorrect(a.Problem, a.Text) ? 1.0 : 0.0),
            chunks.Sum(c => (int)GroupAdvantages.ZeroSignal(c.Sample.Rewards).sum().item<long>()),
            batch.Count,
            kl, clipFraction / o.Iterations, loss / o.Iterations,
            chunks.Sum(c => c.Sample.Rollout.ResponseMask.sum().item<float>()) / answers.Count,
            clock.Elapsed.TotalSeconds);
        if (!double.IsFinite(stats.Loss))
            throw new InvalidOperationException($"GRPO's loss became NaN or infinite at step {stats.Step}; lower the learning rate or raise β.");
        History.Add(stats);
        return stats;
    }

    public void Dispose()
    {
        optimizer.Dispose();
        generator.Dispose();
    }

    private static long Count(nn.Module module) => module.parameters().Distinct().Sum(p => p.numel());
}
