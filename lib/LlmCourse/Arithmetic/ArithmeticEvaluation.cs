using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Arithmetic;

/// <summary>Greedy answers to instructions, checked by rule: how accurate a (fine-tuned) model is on the toy world.</summary>
public static class ArithmeticEvaluation
{
    /// <summary>
    /// Answers every prompt greedily (up to '\n' or <paramref name="maxNewTokens"/>) and scores it with
    /// <see cref="ArithmeticRewards"/>. <paramref name="forward"/> maps ids (B, T) to logits (B, T, V), so a LoRA-wrapped
    /// model or a soft prompt can be scored as well as a plain GPT; put dropout models in eval mode first. The prompts go to
    /// <paramref name="device"/>, the device the model's weights are on.
    /// </summary>
    public static ArithmeticScore Score(Func<Tensor, Tensor> forward, Device device, IReadOnlyList<InstructionExample> examples, int maxNewTokens = 40)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return Score(examples, Answers(forward, device, examples.Select(e => e.Prompt).ToList(), maxNewTokens));
    }

    /// <summary>As the overload above for a GPT (plain, or with LoRA or adapters inside), read through its KV cache: the same answers, faster.</summary>
    public static ArithmeticScore Score(GptModel model, IReadOnlyList<InstructionExample> examples, int maxNewTokens = 40)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return Score(examples, Answers(model, examples.Select(e => e.Prompt).ToList(), maxNewTokens));
    }

    private static ArithmeticScore Score(IReadOnlyList<InstructionExample> examples, string[] answers)
    {
        if (examples.Count == 0)
            throw new ArgumentException("No examples to score.", nameof(examples));
        int correct = 0, wellFormed = 0;
        for (int i = 0; i < examples.Count; i++)
        {
            correct += ArithmeticRewards.IsCorrect(examples[i].Problem, answers[i]) ? 1 : 0;
            wellFormed += ArithmeticRewards.IsWellFormed(answers[i]) ? 1 : 0;
        }
        return new ArithmeticScore((double)correct / examples.Count, (double)wellFormed / examples.Count, examples.Count);
    }

    /// <summary>The greedy response to one prompt, up to and including '\n'.</summary>
    public static string Answer(Func<Tensor, Tensor> forward, Device device, string prompt, int maxNewTokens = 40) =>
        Answers(forward, device, [prompt], maxNewTokens)[0];

    /// <summary>The greedy response of a GPT to one prompt, up to and including '\n', read through its KV cache.</summary>
    public static string Answer(GptModel model, string prompt, int maxNewTokens = 40) => Answers(model, [prompt], maxNewTokens)[0];

    /// <summary>Greedy responses to many prompts; prompts of equal length share one batch. The whole prefix goes through <paramref name="forward"/> at every step.</summary>
    public static string[] Answers(Func<Tensor, Tensor> forward, Device device, IReadOnlyList<string> prompts, int maxNewTokens = 40)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(device);
        return Answers(prompt => Alignment.Rollouts.Sample(forward, prompt, (int)prompt.shape[0], 0.0, null, maxNewTokens, ArithmeticWorld.EndOfText), device, prompts, maxNewTokens);
    }

    /// <summary>As the overload above for a GPT, read through its KV cache; the prompts go to the device of its weights.</summary>
    public static string[] Answers(GptModel model, IReadOnlyList<string> prompts, int maxNewTokens = 40)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Answers(prompt => Alignment.Rollouts.Sample(model, prompt, (int)prompt.shape[0], 0.0, null, maxNewTokens, ArithmeticWorld.EndOfText), model.HeadWeight.device, prompts, maxNewTokens);
    }

    private static string[] Answers(Func<Tensor, Alignment.Rollout> greedy, Device device, IReadOnlyList<string> prompts, int maxNewTokens)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNewTokens, 1);
        var tokenizer = ArithmeticWorld.Tokenizer;
        var answers = new string[prompts.Count];
        using var noGrad = no_grad();
        foreach (var group in prompts.Select((p, i) => (Ids: tokenizer.Encode(p, $"prompt {i}"), Index: i)).GroupBy(p => p.Ids.Length))
        {
            using var scope = NewDisposeScope();
            var members = group.ToList();
            var prompt = tensor(members.SelectMany(m => m.Ids).ToArray(), device: device).reshape(members.Count, group.Key);   // (B, P)
            var rollout = greedy(prompt);
            var texts = rollout.DecodeResponses(tokenizer);
            for (int j = 0; j < members.Count; j++)
                answers[members[j].Index] = texts[j];
        }
        return answers;
    }
}
