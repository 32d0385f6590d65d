using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LlmCourse.Tokenization;

/// <summary>The course's plain tokenizer file: a header, the split pattern, then one merge per line as two token ids.</summary>
/// <remarks>
/// UTF-8 text, '\n' line ends:
/// <code>
/// llmcourse-bpe 1                  format name and version
/// split &lt;pattern&gt;                  the split pattern, verbatim to the end of the line; "split" alone: no splitting
/// merges &lt;n&gt;                       how many merge lines follow
/// &lt;left id&gt; &lt;right id&gt;             merge k (k = 0 … n-1) joins two earlier tokens into token 256 + k
/// </code>
/// Tokens 0–255 are the single bytes, so the merges are the whole vocabulary. Merge k may only use ids below 256 + k.
/// </remarks>
public static class VocabularyFile
{
    public const string Header = "llmcourse-bpe 1";
    private const string FormatName = "llmcourse-bpe";
    private const int MaxMerges = 10_000_000;
    private const string Fix = "Files in this format are written by BpeTokenizer.Save; if it was edited or cut short, "
        + "save it again from the tokenizer (or train a new one).";

    public static void Write(BpeTokenizer tokenizer, string path)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (!tokenizer.ByteIds.Select((id, b) => id == b).All(same => same))
            throw new InvalidOperationException(
                "This tokenizer's single bytes are not tokens 0-255 in byte order (it was loaded from tiktoken ranks), "
                + "which this format cannot say. Keep its rank file instead.");
        if (tokenizer.SplitPattern is { } pattern && pattern.IndexOfAny(['\r', '\n']) >= 0)
            throw new InvalidOperationException(
                "The split pattern holds a line break, but the file keeps it on one line: write it as the escape \\n or \\r.");

        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("split").Append(tokenizer.SplitPattern is null ? "" : " " + tokenizer.SplitPattern).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"merges {tokenizer.Merges.Count}\n");
        foreach (var (left, right) in tokenizer.Merges)
            text.Append(CultureInfo.InvariantCulture, $"{left} {right}\n");
        // Atomic: a failed write (a full disk, say) leaves an earlier file of the same name as it was.
        Files.AtomicFile.WriteAllText(path, text.ToString());
    }

    public static BpeTokenizer Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"Tokenizer file '{path}' not found (looked in {Path.GetFullPath(path)}). Check the path, which is relative "
                + "to the notebook's folder, or train a tokenizer and write it with BpeTokenizer.Save.", path);
        string[] lines = File.ReadAllText(path, Encoding.UTF8).Split('\n');
        int count = lines.Length;
        if (count > 0 && lines[^1].Length == 0)
            count--;                                           // the final line break ends the last line
        string Line(int number) => number <= count ? lines[number - 1].TrimEnd('\r') : "";

        if (Line(1) != Header)
        {
            string problem = Line(1).StartsWith(FormatName + " ", StringComparison.Ordinal)
                ? $"version '{Line(1)[(FormatName.Length + 1)..]}' is not one this library reads (it reads '{Header}')"
                : $"expected the header '{Header}' but found '{Clip(Line(1))}': this is not a tokenizer file of this course";
            throw new TokenizerFileException(path, 1, problem, Fix);
        }

        string? pattern = Line(2) switch
        {
            "split" => null,
            var s when s.StartsWith("split ", StringComparison.Ordinal) && s.Length > 6 => s[6..],
            var s => throw new TokenizerFileException(path, 2, $"expected 'split <pattern>' (or 'split' alone) but found '{Clip(s)}'", Fix),
        };
        if (pattern is not null)
        {
            try
            {
                _ = new Regex(pattern);
            }
            catch (ArgumentException e)
            {
                throw new TokenizerFileException(path, 2, $"the split pattern is not a valid .NET regex ({e.Message})", Fix);
            }
        }

        if (!Line(3).StartsWith("merges ", StringComparison.Ordinal)
            || !int.TryParse(Line(3).AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out int mergeCount)
            || mergeCount > MaxMerges)
            throw new TokenizerFileException(path, 3, $"expected 'merges <count>' but found '{Clip(Line(3))}'", Fix);

        var merges = new List<(int Left, int Right)>(mergeCount);
        var seen = new Dictionary<(int, int), int>();
        for (int k = 0; k < mergeCount; k++)
        {
            int number = 4 + k;
            if (number > count)
                throw new TokenizerFileException(path, number, $"the file ends after {k} of the {mergeCount} merges line 3 announces", Fix);
            string[] ids = Line(number).Split(' ');
            if (ids.Length != 2 || !TryId(ids[0], out int left) || !TryId(ids[1], out int right))
                throw new TokenizerFileException(path, number, $"expected a merge '<left id> <right id>' but found '{Clip(Line(number))}'", Fix);
            int newId = 256 + k;
            if (left >= newId || right >= newId)
                throw new TokenizerFileException(path, number,
                    $"merge {k} ({left} {right}) uses token {Math.Max(left, right)}, which does not exist yet: merge {k} makes token {newId} and may only join tokens 0-{newId - 1}", Fix);
            if (!seen.TryAdd((left, right), number))
                throw new TokenizerFileException(path, number, $"the pair ({left} {right}) was already merged on line {seen[(left, right)]}", Fix);
            merges.Add((left, right));
        }
        for (int number = 4 + mergeCount; number <= count; number++)
        {
            if (Line(number).Length > 0)
                throw new TokenizerFileException(path, number, $"found '{Clip(Line(number))}' after the {mergeCount} merges line 3 announces", Fix);
        }
        return BpeTokenizer.FromMerges(merges, pattern);
    }

    private static bool TryId(string text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    private static string Clip(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
