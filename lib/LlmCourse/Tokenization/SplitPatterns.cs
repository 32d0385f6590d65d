using System.Text.RegularExpressions;

namespace LlmCourse.Tokenization;

/// <summary>Pre-tokenisation patterns: a regex cuts text into chunks, and BPE merges only inside a chunk.</summary>
/// <remarks>
/// Sources: OpenAI tiktoken, tiktoken_ext/openai_public.py @ 4e71bbe (cl100k_base and r50k_base pat_str);
/// Radford et al. 2019 (GPT-2) for why words, numbers and punctuation are kept apart.
/// </remarks>
public static class SplitPatterns
{
    /// <summary>GPT-4's (cl100k_base) pattern exactly as tiktoken publishes it. .NET cannot parse it: it uses
    /// possessive quantifiers (<c>?+</c>, <c>++</c>, <c>*+</c>), which .NET's regex engine does not have.</summary>
    public const string Gpt4Tiktoken =
        @"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s";

    /// <summary>The same pattern for .NET: every possessive <c>X++</c> written as the atomic group <c>(?&gt;X+)</c>,
    /// which matches the same text (see <see cref="PossessiveQuantifiers"/>).</summary>
    public const string Gpt4 =
        @"'(?i:[sdmt]|ll|ve|re)|(?>[^\r\n\p{L}\p{N}]?)(?>\p{L}+)|(?>\p{N}{1,3})| ?(?>[^\s\p{L}\p{N}]+)(?>[\r\n]*)|(?>\s+)$|\s*[\r\n]|\s+(?!\S)|\s";

    /// <summary>GPT-2's pattern (tiktoken's r50k_base, without its possessive speed-ups): an optional space, then
    /// letters, digits or punctuation; contractions split off.</summary>
    public const string Gpt2 = @"'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>A compiled regex for a pattern; culture-invariant so that <c>(?i:…)</c> does not depend on the machine.</summary>
    public static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>The chunks a pattern cuts the text into, in order. With a pattern like GPT-4's, which matches
    /// every character somewhere, joining the chunks gives the text back.</summary>
    public static List<string> Split(string text, Regex pattern)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(pattern);
        var chunks = new List<string>();
        foreach (Match match in pattern.Matches(text))
            chunks.Add(match.Value);
        return chunks;
    }
}
