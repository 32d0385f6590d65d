using System.Globalization;
using System.Text;

namespace LlmCourse.Tokenization;

/// <summary>Reads tiktoken's rank files (cl100k_base.tiktoken): one <c>&lt;base64 token bytes&gt; &lt;rank&gt;</c> line per token.</summary>
/// <remarks>
/// Also reads the compact variant that the Microsoft.ML.Tokenizers.Data.* packages embed: an optional first line
/// <c>Capacity: N</c>, then one base64 token per line whose rank is its position (0, 1, 2, …). Empty lines are
/// skipped. Ranks must run from 0 without gaps, each once, and no two ranks may hold the same bytes.
/// Format source: OpenAI tiktoken, tiktoken/load.py (load_tiktoken_bpe) @ 4e71bbe.
/// </remarks>
public static class RankFile
{
    private const string CapacityHeader = "Capacity: ";
    private const int MaxRank = 10_000_000;   // far above any real vocabulary; stops a corrupt rank from allocating gigabytes

    private const string Fix = "A rank file holds one '<base64 token bytes> <rank>' line per token; this one is damaged or "
        + "cut short. Download it again (cl100k_base: https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken) "
        + "or take it from the Microsoft.ML.Tokenizers.Data.Cl100kBase package.";

    /// <summary>The tokens by rank, and the line each rank came from (for error messages about a rank).</summary>
    public sealed record Table(byte[][] Tokens, int[] Lines);

    public static Table Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"Rank file '{path}' not found (looked in {Path.GetFullPath(path)}). Check the path, which is relative "
                + "to the notebook's folder, or load cl100k_base from the Microsoft.ML.Tokenizers.Data.Cl100kBase package.", path);
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <param name="fileName">How to name the file in error messages.</param>
    public static Table Read(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var byRank = new List<byte[]?>();
        var lineOf = new List<int>();
        var rankOfBytes = new Dictionary<string, int>(StringComparer.Ordinal);
        bool? ranksByPosition = null;
        int lineNumber = 0;
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith(CapacityHeader, StringComparison.Ordinal)))
                continue;
            int space = line.IndexOf(' ');
            ranksByPosition ??= space < 0;
            string base64;
            int rank;
            if (ranksByPosition.Value)
            {
                if (space >= 0)
                    throw Error(fileName, lineNumber, $"expected one base64 token (earlier lines give ranks by position) but found '{Clip(line)}'");
                (base64, rank) = (line, byRank.Count);
            }
            else
            {
                if (space <= 0 || line.IndexOf(' ', space + 1) >= 0)
                    throw Error(fileName, lineNumber, $"expected '<base64 token bytes> <rank>' but found '{Clip(line)}'");
                base64 = line[..space];
                if (!int.TryParse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out rank) || rank > MaxRank)
                    throw Error(fileName, lineNumber, $"the rank '{Clip(line[(space + 1)..])}' is not a whole number from 0 to {MaxRank.ToString("N0", CultureInfo.InvariantCulture)}");
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                throw Error(fileName, lineNumber, $"'{Clip(base64)}' is not base64");
            }
            if (bytes.Length == 0)
                throw Error(fileName, lineNumber, "the token is empty: every token holds at least one byte");

            while (byRank.Count <= rank)
            {
                byRank.Add(null);
                lineOf.Add(0);
            }
            if (byRank[rank] is not null)
                throw Error(fileName, lineNumber, $"rank {rank} appears twice (first on line {lineOf[rank]})");
            if (!rankOfBytes.TryAdd(Convert.ToBase64String(bytes), rank))
            {
                int first = rankOfBytes[Convert.ToBase64String(bytes)];
                throw Error(fileName, lineNumber, $"these bytes already have rank {first} (line {lineOf[first]})");
            }
            byRank[rank] = bytes;
            lineOf[rank] = lineNumber;
        }

        if (byRank.Count == 0)
            throw Error(fileName, lineNumber + 1, "the file holds no tokens");
        int missing = byRank.IndexOf(null);
        if (missing >= 0)
            throw Error(fileName, lineNumber + 1, $"rank {missing} is missing: ranks must run from 0 to {byRank.Count - 1} without gaps");
        return new Table(byRank.Select(t => t!).ToArray(), lineOf.ToArray());
    }

    internal static TokenizerFileException Error(string fileName, int line, string problem) => new(fileName, line, problem, Fix);

    private static string Clip(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
