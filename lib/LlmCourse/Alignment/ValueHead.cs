using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>A scalar per position: a linear map from the transformer's hidden states (B, T, C) to (B, T).</summary>
/// <remarks>
/// The same head serves as a reward model's score (read at the last token) and as PPO's value function V(prefix) (read
/// at every position). It starts at zero so a fresh head adds no noise to what the backbone already knows.
/// </remarks>
public sealed class ValueHead : nn.Module<Tensor, Tensor>
{
    private readonly Linear score;

    public ValueHead(long nEmbd, Device? device = null) : base(nameof(ValueHead))
    {
        score = nn.Linear(nEmbd, 1, hasBias: true, device: device);
        using (no_grad())
        {
            score.weight!.zero_();
            score.bias!.zero_();
        }
        RegisterComponents();
    }

    /// <summary>(1, C): the head's weights, for reading the score by hand.</summary>
    public Parameter Weight => score.weight!;

    /// <summary>(1): the head's bias.</summary>
    public Parameter Bias => score.bias!;

    public override Tensor forward(Tensor hidden) => score.call(hidden).squeeze(-1);   // (B, T, C) -> (B, T, 1) -> (B, T)
}
