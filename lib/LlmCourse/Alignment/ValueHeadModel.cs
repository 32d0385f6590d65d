using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>A GPT's transformer with a <see cref="ValueHead"/> on top: ids (B, T) → one scalar per position (B, T).</summary>
/// <remarks>
/// PPO's critic, V(prefix): its own copy of the SFT backbone (as trl's PPOTrainer keeps a separate value model), so
/// training it never disturbs the policy. The GPT's lm_head comes along as a parameter but is never used.
/// </remarks>
public sealed class ValueHeadModel : nn.Module<Tensor, Tensor>
{
    private readonly GptModel backbone;
    private readonly ValueHead head;

    /// <summary>Wraps <paramref name="backbone"/> itself (pass a copy to keep the original untouched).</summary>
    public ValueHeadModel(GptModel backbone) : base(nameof(ValueHeadModel))
    {
        ArgumentNullException.ThrowIfNull(backbone);
        this.backbone = backbone;
        head = new ValueHead(backbone.Config.NEmbd, backbone.HeadWeight.device);
        RegisterComponents();
    }

    public GptModel Backbone => backbone;

    public ValueHead Head => head;

    public override Tensor forward(Tensor ids) => head.call(backbone.Transformer.call(ids));   // (B, T) -> (B, T, C) -> (B, T)
}
