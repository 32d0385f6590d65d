namespace LlmCourse.Arithmetic;

/// <summary>How a rejected response differs from the ideal one.</summary>
public enum RejectionKind
{
    /// <summary>Well formed, answer off by 1 to 3 ("12+35=46. The answer is 46.").</summary>
    NearMiss,

    /// <summary>Well formed, answer far off.</summary>
    FarMiss,

    /// <summary>The equation is right but the stated answer is not ("12+35=47. The answer is 45.").</summary>
    Inconsistent,

    /// <summary>The right answer in a broken format ("The answer is 47." without the equation, or a missing period).</summary>
    Malformed,

    /// <summary>Cut short one or two characters after the '=' (a one-digit answer may survive; the format never does).</summary>
    Truncated,
}
