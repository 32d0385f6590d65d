namespace LlmCourse.Arithmetic;

/// <summary>An instruction and its ideal response: "What is 12 plus 35?\n" → "12+35=47. The answer is 47.\n".</summary>
public sealed record InstructionExample(ArithmeticProblem Problem, string Prompt, string Response)
{
    /// <summary>The text alone, as the world-agnostic fine-tuning code (<c>LlmCourse.FineTuning</c>) takes it.</summary>
    public (string Prompt, string Response) Text => (Prompt, Response);
}
