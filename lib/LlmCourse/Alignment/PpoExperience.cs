using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>One group of PPO rollouts (prompts of one length) with everything the updates need, computed once before them.</summary>
/// <remarks>Its tensors belong to the dispose scope of the <see cref="PpoTrainer.Step"/> that collected it.</remarks>
internal sealed class PpoExperience
{
    private PpoExperience(Rollout rollout, Tensor oldLogProbs, Tensor oldValues, Tensor advantages, Tensor returns, double[] scores, double klSum)
    {
        Rollout = rollout;
        OldLogProbs = oldLogProbs;
        OldValues = oldValues;
        Advantages = advantages;
        Returns = returns;
        Scores = scores;
        KlSum = klSum;
        TokenCount = Rollout.ResponseMask.sum().item<float>();
    }

    public Rollout Rollout { get; }
    public Tensor OldLogProbs { get; }
    public Tensor OldValues { get; }
    public Tensor Advantages { get; private set; }
    public Tensor Returns { get; }
    public double[] Scores { get; }
    public double KlSum { get; }
    public double TokenCount { get; }

    /// <summary>Samples one response per prompt (all of one length), scores it, and computes rewards, values and GAE.</summary>
    public static PpoExperience Collect(GptModel policy, GptModel reference, ValueHeadModel valueModel, PpoScorer scorer,
        IReadOnlyList<string> prompts, CharTokenizer tokenizer, long stopToken, PpoOptions options, Generator generator, out string[] texts)
    {
        var device = policy.HeadWeight.device;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var promptIds = prompts.SelectMany(text => tokenizer.Encode(text)).ToArray();
        int p = promptIds.Length / prompts.Count;
        var prompt = tensor(promptIds, device: device).reshape(prompts.Count, p);                  // (G, P)
        var rollout = Rollouts.Sample(policy, prompt, prompts.Count, options.Temperature, generator, options.MaxNewTokens, stopToken);
        texts = rollout.DecodeResponses(tokenizer);
        var mask = rollout.ResponseMask;
        var logProbs = Rollouts.ResponseLogProbs(policy.call, rollout.Ids, p);                    // (G, R)
        var referenceLogProbs = Rollouts.ResponseLogProbs(reference.call, rollout.Ids, p);        // (G, R)
        var values = Values(valueModel, rollout);                                                  // (G, R)
        var scores = scorer(prompts, rollout, texts);
        var rewards = KlPenalty.Rewards(tensor(scores, device: device), logProbs, referenceLogProbs, mask, options.KlCoefficient);
        var (advantages, returns) = Gae.Compute(rewards, values, mask, options.Gamma, options.Lambda);
        double klSum = KlPenalty.PerToken(logProbs, referenceLogProbs, mask).sum().item<float>();
        var kept = new Rollout(rollout.Ids.MoveToOuterDisposeScope(), p, mask.MoveToOuterDisposeScope());
        return new PpoExperience(kept, logProbs.MoveToOuterDisposeScope(), values.MoveToOuterDisposeScope(),
            advantages.MoveToOuterDisposeScope(), returns.MoveToOuterDisposeScope(), scores, klSum);
    }

    /// <summary>V of the prefix before each response token: the value model's output at the position that predicts it.</summary>
    public static Tensor Values(ValueHeadModel valueModel, Rollout rollout)
    {
        int p = rollout.PromptLength;
        return valueModel.call(rollout.Ids)[.., (p - 1)..^1];                // (G, P + R) -> (G, R)
    }

    /// <summary>Whitens advantages over the tokens of all groups together (mean 0, std 1), as one batch.</summary>
    public static void WhitenAcross(IReadOnlyList<PpoExperience> chunks, bool whiten)
    {
        if (!whiten)
            return;
        double count = chunks.Sum(c => c.TokenCount);
        double mean = chunks.Sum(c => (c.Advantages * c.Rollout.ResponseMask).sum().item<float>()) / count;
        double variance = chunks.Sum(c => ((c.Advantages - mean).square() * c.Rollout.ResponseMask).sum().item<float>()) / count;
        double scale = 1 / Math.Sqrt(variance + 1e-8);
        foreach (var c in chunks)
            c.Advantages = (c.Advantages - mean) * scale * c.Rollout.ResponseMask;   // lives in the caller's scope, as the old one does
    }

    /// <summary>The clipped policy loss, the clipped value loss, the clip fraction and the old-to-new KL on this group.</summary>
    public (Tensor PolicyLoss, Tensor ValueLoss, double ClipFraction, double ApproxKl) Losses(GptModel policy, ValueHeadModel valueModel, PpoOptions options)
    {
        var mask = Rollout.ResponseMask;
        var logProbs = Rollouts.ResponseLogProbs(policy.call, Rollout.Ids, Rollout.PromptLength);
        var (policyLoss, clip, kl) = PpoLoss.Policy(logProbs, OldLogProbs, Advantages, mask, options.ClipRange);
        var valueLoss = PpoLoss.Value(Values(valueModel, Rollout), OldValues, Returns, mask, options.ValueClipRange);
        return (policyLoss, valueLoss, clip, kl);
    }
}
