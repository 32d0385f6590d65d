using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>
/// A reward model: the SFT model's transformer plus a scalar head, read at each row's last real token, so one number
/// scores the whole prompt + response (Ouyang et al. 2022; trl's RewardTrainer with AutoModelForSequenceClassification).
/// </summary>
/// <remarks>
/// Rows are right-padded, so "the last token" differs per row: the caller passes its index. Reading there lets causal
/// attention have seen the whole response; reading at the padding would score the padding.
/// </remarks>
public sealed class RewardModel : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ValueHeadModel scorer;

    /// <summary>Wraps <paramref name="backbone"/> itself (pass a copy of the SFT model, which stays the reference).</summary>
    public RewardModel(GptModel backbone) : base(nameof(RewardModel))
    {
        scorer = new ValueHeadModel(backbone);
        RegisterComponents();
    }

    public GptModel Backbone => scorer.Backbone;

    /// <summary>The scalar head on the backbone's hidden states.</summary>
    public ValueHead Head => scorer.Head;

    /// <summary>(B) rewards of ids (B, T), each read at <paramref name="lastIndex"/> (B) int64, the row's last non-padding position.</summary>
    public override Tensor forward(Tensor ids, Tensor lastIndex)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(lastIndex);
        if (ids.dim() != 2 || lastIndex.dim() != 1 || lastIndex.shape[0] != ids.shape[0])
            throw new ArgumentException($"Expected ids (B, T) and one last index per row (B); found {Checks.Check.Format(ids.shape)} and {Checks.Check.Format(lastIndex.shape)}.");
        using var scope = NewDisposeScope();
        var perPosition = scorer.call(ids);                                                // (B, T)
        var rewards = perPosition.gather(1, lastIndex.to(ScalarType.Int64).unsqueeze(1)).squeeze(1);   // (B, 1) -> (B)
        return rewards.MoveToOuterDisposeScope();
    }
}
