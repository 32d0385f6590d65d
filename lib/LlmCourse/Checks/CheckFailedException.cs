namespace LlmCourse.Checks;

/// <summary>Thrown by a <see cref="Check"/> that does not hold; its message says what was expected and what was found.</summary>
public sealed class CheckFailedException : Exception
{
    public CheckFailedException(string message)
        : base(message)
    {
    }

    public CheckFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
