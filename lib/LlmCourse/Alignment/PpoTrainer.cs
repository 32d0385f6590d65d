using System.Diagnostics;
using LlmCourse.Gpt;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>
/// PPO for a toy-world GPT, trl-style: sample a response per prompt, score it, reward −β·KL to the frozen reference on
/// every token plus the score on the last, estimate advantages with GAE and a separate value model, then take
/// <see cref="PpoOptions.PpoEpochs"/> clipped-surrogate steps on that batch.
/// </summary>
/// <remarks>
/// Usage: <c>var ppo = new PpoTrainer(policy, reference, new ValueHeadModel(copy), tokenizer, stopToken, scorer, new PpoOptions());</c>
/// then <c>PpoStepStats s = ppo.Step(batchOfPrompts);</c> in a loop. Notebook 14 writes the same iteration out cell by
/// cell and checks that it gives this class's weights; notebook 15 uses the class to compare PPO with GRPO. The policy is trained in place; the reference is
/// never changed. Prompts of different lengths are sampled in separate groups (learned positions forbid left padding).
/// </remarks>
public sealed class PpoTrainer : IDisposable
{
    private readonly GptModel policy;
    private readonly GptModel reference;
    private readonly ValueHeadModel valueModel;
    private readonly PpoScorer scorer;
    private readonly CharTokenizer tokenizer;
    private readonly long stopToken;
    private readonly List<Parameter> trainable;
    private readonly optim.Optimizer optimizer;
    private readonly Generator generator;
    private int steps;

    public PpoTrainer(GptModel policy, GptModel reference, ValueHeadModel valueModel, CharTokenizer tokenizer, long stopToken, PpoScorer scorer,
        PpoOptions? options = null)
    {
        this.tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        this.stopToken = stopToken;
        this.policy = policy ?? throw new ArgumentNullException(nameof(policy));
        this.reference = reference ?? throw new ArgumentNullException(nameof(reference));
        this.valueModel = valueModel ?? throw new ArgumentNullException(nameof(valueModel));
        this.scorer = scorer ?? throw new ArgumentNullException(nameof(scorer));
        if (ReferenceEquals(policy, reference))
            throw new ArgumentException("The reference must be a separate, frozen copy of the policy (a deep copy).", nameof(reference));
        Options = options ?? new PpoOptions();
        foreach (var p in reference.parameters())
            p.requires_grad = false;
        reference.eval();
        trainable = [.. policy.parameters(), .. valueModel.parameters()];
        optimizer = optim.AdamW(trainable, Options.LearningRate, weight_decay: 0.0);
        generator = new Generator((ulong)Options.Seed);
    }

    public PpoOptions Options { get; }

    /// <summary>Every step's stats so far.</summary>
    public List<PpoStepStats> History { get; } = [];

    /// <summary>Parameters held by the policy, the reference and the value model (the reward model, if any, is the caller's).</summary>
    public (long Policy, long Reference, long Value) ParameterCounts =>
        (Count(policy), Count(reference), Count(valueModel));

    /// <summary>One PPO iteration on <paramref name="batch"/>: one sampled response per prompt, then the updates.</summary>
    public PpoStepStats Step(IReadOnlyList<string> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
            throw new ArgumentException("A PPO step needs at least one prompt.", nameof(batch));
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();                                 // frees every rollout tensor when the step ends
        policy.eval();
        valueModel.eval();
        var chunks = new List<PpoExperience>();
        foreach (var group in batch.GroupBy(prompt => tokenizer.Encode(prompt).Length))
        {
            var chunk = PpoExperience.Collect(policy, reference, valueModel, scorer, group.ToList(), tokenizer, stopToken, Options, generator, out _);
            chunks.Add(chunk);
        }
        PpoExperience.WhitenAcross(chunks, Options.WhitenAdvantages);

        double tokens = chunks.Sum(c => c.TokenCount);
        double policyLoss = 0, valueLoss = 0, clipFraction = 0, approxKl = 0;
        policy.train();
        valueModel.train();
        for (int epoch = 0; epoch < Options.PpoEpochs; epoch++)
        {
            optimizer.zero_grad();
            foreach (var chunk in chunks)
            {
                using var inner = NewDisposeScope();
                double weight = chunk.TokenCount / tokens;                   // chunks of unequal size count by their tokens
                var (pl, vl, clip, kl) = chunk.Losses(policy, valueModel, Options);
                ((pl + Options.ValueCoefficient * vl) * weight).backward();
                policyLoss += pl.item<float>() * weight;
                valueLoss += vl.item<float>() * weight;
                clipFraction += clip * weight;
                approxKl += kl * weight;
            }
            if (Options.GradientClip > 0)
                nn.utils.clip_grad_norm_(trainable, Options.GradientClip);
            optimizer.step();
        }
        policy.eval();
        valueModel.eval();

        int n = Options.PpoEpochs;
        var stats = new PpoStepStats(
            steps++,
            chunks.Sum(c => c.Scores.Sum()) / batch.Count,
            chunks.Sum(c => c.KlSum) / batch.Count,
            clipFraction / n, policyLoss / n, valueLoss / n, approxKl / n,
            tokens / batch.Count,
            clock.Elapsed.TotalSeconds);
        if (!double.IsFinite(stats.PolicyLoss) || !double.IsFinite(stats.ValueLoss))
            throw new InvalidOperationException($"PPO's loss became NaN or infinite at step {stats.Step}; lower the learning rate or the KL coefficient.");
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
