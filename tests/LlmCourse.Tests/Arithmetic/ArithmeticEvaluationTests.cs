using LlmCourse.Arithmetic;
using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Arithmetic;

[Collection("Sequential")]
public sealed class ArithmeticEvaluationTests
{
    private static GptModel BrieflyTrained()
    {
        random.manual_seed(13);
        var model = new GptModel(ArithmeticRecipe.Config(nLayer: 2, nHead: 2, nEmbd: 32));
        // A few steps on responses, so that greedy answers differ between prompts and some end at '\n' before the limit.
        var examples = ArithmeticWorld.Instructions(40, 9, heldOut: false, seed: 2);
        var optimizer = optim.AdamW(model.parameters(), 3e-3);
        foreach (var example in examples)
        {
            using var scope = NewDisposeScope();
            var ids = tensor(ArithmeticWorld.Tokenizer.Encode(example.Prompt + example.Response)).unsqueeze(0);   // (1, T)
            var logits = model.call(ids[.., ..^1]);                                          // (1, T-1, V)
            var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), ids[.., 1..].reshape(-1));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        model.eval();
        return model;
    }

    [Fact]
    public void Score_AGptThroughItsKvCache_EqualsTheWholePrefixLoop_AnswerForAnswer()
    {
        var model = BrieflyTrained();
        var examples = ArithmeticWorld.Instructions(48, 9, ArithmeticSplit.Test, seed: 4);
        var prompts = examples.Select(e => e.Prompt).ToList();

        var whole = ArithmeticEvaluation.Answers(model.call, CPU, prompts, 30);
        var cached = ArithmeticEvaluation.Answers(model, prompts, 30);

        Assert.Equal(whole, cached);
        Assert.True(whole.Distinct().Count() > 1, "the model should answer different prompts differently");
        Assert.Equal(ArithmeticEvaluation.Score(model.call, CPU, examples, 30), ArithmeticEvaluation.Score(model, examples, 30));
        Assert.Equal(whole[0], ArithmeticEvaluation.Answer(model, prompts[0], 30));
    }
}
