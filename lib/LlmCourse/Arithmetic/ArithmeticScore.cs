namespace LlmCourse.Arithmetic;

/// <summary>How a model did on instructions: the share answered correctly and the share in the expected format.</summary>
public sealed record ArithmeticScore(double Accuracy, double WellFormed, int Count)
{
    public override string ToString() => $"accuracy {Accuracy:P1}, well-formed {WellFormed:P1} on {Count} prompts";
}
