using System.Text;
using System.Text.RegularExpressions;

namespace LlmCourse.Tokenization;

/// <summary>Rewrites possessive quantifiers (<c>X++</c>, <c>X?+</c>, <c>X*+</c>, <c>X{m,n}+</c>), which .NET's regex
/// engine lacks, as atomic groups (<c>(?&gt;X+)</c> …), which it has and which mean the same.</summary>
/// <remarks>
/// A possessive quantifier takes as much as it can and never gives any back when the rest of the pattern fails;
/// an atomic group around the quantified item does exactly that. The rewriter knows the syntax tiktoken's
/// patterns use: escapes (<c>\s</c>, <c>\p{L}</c>), character classes, groups (<c>(?i:…)</c>, <c>(?!…)</c>) and
/// the quantifiers <c>? * + {m,n}</c>, each optionally lazy (<c>?</c>) or possessive (<c>+</c>).
/// </remarks>
public static class PossessiveQuantifiers
{
    private static readonly Regex _counted = new(@"\G\{\d+(,\d*)?\}", RegexOptions.CultureInvariant);

    public static string ToAtomicGroups(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var output = new StringBuilder(pattern.Length + 16);
        var openGroups = new Stack<int>();   // where each open group starts in the output
        int atomStart = -1;                  // where the last complete atom starts in the output; -1: none to quantify

        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            int length = c switch
            {
                '\\' => EscapeLength(pattern, i),
                '[' => ClassLength(pattern, i),
                '*' or '+' or '?' => 1,
                '{' => _counted.Match(pattern, i) is { Success: true } m ? m.Length : 1,
                _ => 1,
            };
            bool isQuantifier = c is '*' or '+' or '?' || (c == '{' && length > 1);

            if (isQuantifier && atomStart >= 0)
            {
                string quantifier = pattern.Substring(i, length);
                int next = i + length;
                if (next < pattern.Length && pattern[next] == '+')
                {
                    // Possessive: wrap the atom and its quantifier in an atomic group, drop the extra '+'.
                    output.Insert(atomStart, "(?>").Append(quantifier).Append(')');
                    i = next;
                }
                else
                {
                    if (next < pattern.Length && pattern[next] == '?')
                        quantifier += "?";   // lazy: keep as it is
                    output.Append(quantifier);
                    i += quantifier.Length - 1;
                }
                atomStart = -1;
            }
            else if (c == '(')
            {
                openGroups.Push(output.Length);
                int prefix = GroupPrefixLength(pattern, i);
                output.Append(pattern, i, prefix);
                i += prefix - 1;
                atomStart = -1;
                if (output[^1] == ')')       // an inline option such as (?i) is complete already
                    openGroups.Pop();
            }
            else if (c == ')')
            {
                if (openGroups.Count == 0)
                    throw new ArgumentException($"Unbalanced ')' at position {i} of the pattern.", nameof(pattern));
                output.Append(c);
                atomStart = openGroups.Pop();
            }
            else
            {
                atomStart = c == '|' ? -1 : output.Length;
                output.Append(pattern, i, length);
                i += length - 1;
            }
        }
        return output.ToString();
    }

    /// <summary>\x is two characters; \p{Name} and \P{Name} run to their closing brace.</summary>
    private static int EscapeLength(string pattern, int start)
    {
        if (start + 2 < pattern.Length && pattern[start + 1] is 'p' or 'P' && pattern[start + 2] == '{')
            return pattern.IndexOf('}', start) is var close and > 0 ? close - start + 1 : pattern.Length - start;
        return Math.Min(2, pattern.Length - start);
    }

    /// <summary>[...] up to the first unescaped ']' (a ']' right after '[' or '[^' is a literal).</summary>
    private static int ClassLength(string pattern, int start)
    {
        int i = start + 1;
        if (i < pattern.Length && pattern[i] == '^')
            i++;
        if (i < pattern.Length && pattern[i] == ']')
            i++;
        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
                i++;
            else if (pattern[i] == ']')
                return i - start + 1;
        }
        throw new ArgumentException($"Unclosed '[' at position {start} of the pattern.", nameof(pattern));
    }

    /// <summary>"(" alone, or "(?i:", "(?!", "(?&lt;=", "(?&gt;", "(?&lt;name&gt;" …: up to the end of the group's prefix.</summary>
    private static int GroupPrefixLength(string pattern, int start)
    {
        if (start + 1 >= pattern.Length || pattern[start + 1] != '?')
            return 1;
        int i = start + 2;
        if (i < pattern.Length && pattern[i] == '<' && i + 1 < pattern.Length && pattern[i + 1] is '=' or '!')
            return i + 2 - start;
        while (i < pattern.Length && pattern[i] is not (':' or '=' or '!' or '>' or ')'))
            i++;
        return Math.Min(i + 1, pattern.Length) - start;
    }
}
