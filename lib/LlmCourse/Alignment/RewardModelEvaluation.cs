using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>A trained <see cref="RewardModel"/>'s scores of preference pairs, and its pairwise accuracy.</summary>
public static class RewardModelEvaluation
{
    /// <summary>(chosen, rejected) rewards of every pair, without autograd, in batches of <paramref name="batchSize"/>.</summary>
    public static (double[] Chosen, double[] Rejected) Score(RewardModel model, CharTokenizer tokenizer, IReadOnlyList<PreferencePair> pairs, long padId, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var chosen = new List<double>();
        var rejected = new List<double>();
        var device = model.Backbone.HeadWeight.device;
        using var noGrad = no_grad();
        foreach (var batch in pairs.Chunk(batchSize))
        {
            using var scope = NewDisposeScope();
            var (ids, last) = PreferenceBatch.Build(tokenizer, batch, padId, device);
            var rewards = model.call(ids, last).cpu().to(ScalarType.Float64).data<double>().ToArray();   // (2B): chosen, then rejected
            chosen.AddRange(rewards[..batch.Length]);
            rejected.AddRange(rewards[batch.Length..]);
        }
        return (chosen.ToArray(), rejected.ToArray());
    }

    /// <summary>The share of pairs whose chosen response the model scores higher: the reward model's pairwise accuracy.</summary>
    public static double Accuracy(RewardModel model, CharTokenizer tokenizer, IReadOnlyList<PreferencePair> pairs, long padId)
    {
        var (chosen, rejected) = Score(model, tokenizer, pairs, padId);
        return chosen.Zip(rejected).Count(p => p.First > p.Second) / (double)pairs.Count;
    }
}
