namespace LlmCourse.Arithmetic;

/// <summary>What the toy world's base model reads in pretraining, one line per problem from the training split.</summary>
public enum ArithmeticPretraining
{
    /// <summary>Bare equations, "12+35=47": supervised fine-tuning must teach the whole answer sentence.</summary>
    Equations,

    /// <summary>Worked answers, "12+35=47. The answer is 47.": the base already writes answers; fine-tuning teaches it to read instructions.</summary>
    WorkedAnswers,
}
