namespace LlmCourse.Text;

/// <summary>Thrown when text holds a character the vocabulary was not built with; the message names it and its source.</summary>
public sealed class UnknownCharacterException : ArgumentException
{
    public UnknownCharacterException(char character, string text, int position, string source, string known)
        : base(
            $"Unknown character '{Printable(character)}' (U+{(int)character:X4}) at position {position} of \"{text}\" from {source}. "
            + $"The vocabulary knows only {known}. Build the vocabulary from text that contains it, or remove the character from the input.")
    {
        Character = character;
        Origin = source;
    }

    /// <summary>The character that has no index.</summary>
    public char Character { get; }

    /// <summary>Where the text came from, e.g. "names.txt line 12" or "the caller".</summary>
    public string Origin { get; }

    // Control characters would make the message unreadable; show them escaped.
    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString();
}
