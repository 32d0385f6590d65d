namespace LlmCourse.Arithmetic;

/// <summary>Which part of the toy world's problems a problem belongs to; fixed by a hash of the problem, the same everywhere.</summary>
public enum ArithmeticSplit
{
    /// <summary>Four fifths: the only problems pretraining and fine-tuning text is made of.</summary>
    Training,

    /// <summary>Half of the held-out fifth: settings (learning rates, steps) are chosen on it.</summary>
    Validation,

    /// <summary>The other half of the held-out fifth: the numbers a notebook reports.</summary>
    Test,
}
