namespace LlmCourse.Tokenization;

/// <summary>A tokenizer file that cannot be read: the message names the file, the line, what is wrong and the fix.</summary>
public sealed class TokenizerFileException : FormatException
{
    public TokenizerFileException(string fileName, int line, string problem, string fix)
        : base($"{fileName}, line {line}: {problem}. {fix}")
    {
        FileName = fileName;
        Line = line;
    }

    /// <summary>The file as it was named to the reader (a path, or a resource name for a stream).</summary>
    public string FileName { get; }

    /// <summary>1-based line number of the problem; for a problem with the file as a whole, the line after its last.</summary>
    public int Line { get; }
}
