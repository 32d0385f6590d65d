using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Alignment;

/// <summary>Sampled continuations of prompts: the experience PPO and GRPO learn from.</summary>
/// <param name="Ids">(G, P + R) int64: the prompt, then R generated positions; after a row's stop token, padding (the stop token again).</param>
/// <param name="PromptLength">P.</param>
/// <param name="ResponseMask">(G, R) float32: 1 on generated tokens up to and including the stop token, 0 on padding.</param>
public sealed record Rollout(Tensor Ids, int PromptLength, Tensor ResponseMask)
{
    /// <summary>R, the generated positions (the longest response).</summary>
    public int ResponseLength => (int)Ids.shape[1] - PromptLength;

    /// <summary>(G, R) the generated ids, padding included.</summary>
    public Tensor ResponseIds => Ids[.., PromptLength..];

    /// <summary>Each row's response as text, up to and including its stop token, without the padding.</summary>
    public string[] DecodeResponses(CharTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        using var scope = NewDisposeScope();
        var ids = ResponseIds.cpu();
        var lengths = ResponseMask.sum(1).to(ScalarType.Int64).cpu().data<long>().ToArray();
        return Enumerable.Range(0, (int)ids.shape[0])
            .Select(g => tokenizer.Decode(ids[g, ..(int)lengths[g]].data<long>().ToArray()))
            .ToArray();
    }
}
