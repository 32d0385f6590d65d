using System.Text;

namespace LlmCourse.Files;

/// <summary>
/// Reads the course's text files the same way on every machine: strictly as UTF-8 (a Latin-1 file is refused with the
/// fix, not read as replacement characters), and with Windows line ends (a clone with core.autocrlf) read as '\n',
/// so that a "\r" never becomes a character of a vocabulary.
/// </summary>
public static class TextFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The whole file, "\r\n" read as "\n".</summary>
    public static string ReadAllText(string path) => Decode(path, () => File.ReadAllText(path, StrictUtf8)).Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The file's lines, without their "\n" or "\r\n".</summary>
    public static string[] ReadAllLines(string path) => Decode(path, () => File.ReadAllLines(path, StrictUtf8));

    private static T Decode<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DecoderFallbackException e)
        {
            string bytes = e.BytesUnknown is { Length: > 0 } unknown ? string.Join(" ", unknown.Select(b => $"0x{b:X2}")) : "a byte";
            throw new InvalidDataException(
                $"{path} is not UTF-8 text: {bytes} at character {e.Index} cannot be read as UTF-8. The file was probably saved as "
                + "Latin-1 or Windows-1252 (where 'ë' is the single byte 0xEB). Save it again as UTF-8, e.g. "
                + $"`iconv -f latin1 -t utf-8 {Path.GetFileName(path)} > fixed.txt`.", e);
        }
    }
}
