using LlmCourse.Arithmetic;
using LlmCourse.FineTuning;
using static TorchSharp.torch;

namespace LlmCourse.Tests.FineTuning;

[Collection("Sequential")]
public sealed class SftBatchTests
{
    private static readonly InstructionExample Short = Example(new ArithmeticProblem(2, 3, '+'));
    private static readonly InstructionExample Long = Example(new ArithmeticProblem(120, 35, '-'));

    private static (Tensor Ids, Tensor Targets) Build(IReadOnlyList<InstructionExample> examples, bool lossOnPrompt = false) =>
        SftBatch.Build(ArithmeticWorld.Tokenizer, examples.Select(e => e.Text).ToList(), ArithmeticWorld.EndOfText, lossOnPrompt);

    private static InstructionExample Example(ArithmeticProblem p) => new(p, ArithmeticWorld.Prompt(p, 0), ArithmeticWorld.Response(p));

    [Fact]
    public void Build_TakesTheLossOnResponseTokensOnly()
    {
        var (ids, targets) = Build([Short, Long]);
        var tokenizer = ArithmeticWorld.Tokenizer;
        int width = (Long.Prompt + Long.Response).Length - 1;

        Assert.Equal(new long[] { 2, width }, ids.shape);
        for (int b = 0; b < 2; b++)
        {
            var example = b == 0 ? Short : Long;
            var row = targets[b].data<long>().ToArray();
            var kept = row.Where(t => t != SftBatch.Ignore).ToArray();
            Assert.Equal(example.Response, tokenizer.Decode(kept));                           // exactly the response is learned
            Assert.All(row[..(example.Prompt.Length - 1)], t => Assert.Equal(SftBatch.Ignore, t));
            Assert.Equal(example.Prompt + example.Response, tokenizer.Decode(ids[b].data<long>().ToArray()[..(example.Prompt.Length + example.Response.Length - 1)]) + example.Response[^1]);
        }
    }

    [Fact]
    public void Build_LossOnPrompt_LearnsEveryRealTokenButThePadding()
    {
        var (_, targets) = Build([Short, Long], lossOnPrompt: true);
        var shortRow = targets[0].data<long>().ToArray();
        int real = (Short.Prompt + Short.Response).Length - 1;

        Assert.All(shortRow[..real], t => Assert.NotEqual(SftBatch.Ignore, t));
        Assert.All(shortRow[real..], t => Assert.Equal(SftBatch.Ignore, t));
        Assert.DoesNotContain(SftBatch.Ignore, targets[1].data<long>().ToArray());
    }

    [Fact]
    public void Build_UnknownCharacter_NamesTheExample()
    {
        var bad = Short with { Prompt = "What is 2 × 3?\n" };
        var error = Assert.ThrowsAny<ArgumentException>(() => Build([Short, bad]));
        Assert.Contains("prompt 1", error.Message, StringComparison.Ordinal);
    }
}
