using System.Text.RegularExpressions;

namespace Workbook.Execution;

/// <summary>A step of a C# cell: code for Roslyn or a magic command, in the order they appear.</summary>
public abstract record CellStep(int LineIndex);

/// <summary>C# code. Hoisted directive lines are blanked, so line N of <see cref="Code"/> is line LineIndex+N of the cell.</summary>
public sealed record CodeStep(string Code, int LineIndex) : CellStep(LineIndex);

/// <summary>A supported magic command: #!import, #!who, #!whos or #!about.</summary>
public sealed record MagicStep(string Name, string Arguments, int LineIndex) : CellStep(LineIndex);

/// <summary>A directive the cell cannot run with; the whole cell fails before any code runs.</summary>
public sealed record DirectiveError(string Message, int LineIndex);

/// <summary>
/// Splits a C# cell the way .NET Interactive's SubmissionParser does: a directive is a line that starts,
/// at column 0, with "#!" or with "#r"/"#i" as a whole word (so #region and #if are plain C#).
/// <c>#r "nuget:…"</c> lines are hoisted and restored before any code of the cell runs; <c>#r "file.dll"</c>
/// and <c>#load</c> stay in the code for Roslyn; magic commands split the code into separate submissions.
/// </summary>
public sealed class CellSyntax
{
    /// <summary>Magic commands that run here exactly as in VS Code and dotnet-repl.</summary>
    public static readonly IReadOnlySet<string> SupportedMagics = new HashSet<string>(StringComparer.Ordinal) { "import", "who", "whos", "about" };

    /// <summary>Magic commands one real tool or both know, which the course's portable subset leaves out, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> NonPortableMagics = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["time"] = "works in VS Code but dotnet-repl 0.3.0 rejects it as an unknown magic command; time code with a Stopwatch instead",
        ["lsmagic"] = "works in VS Code but dotnet-repl 0.3.0 rejects it as an unknown magic command",
        ["set"] = "shares values between kernels, which course notebooks do not use",
        ["share"] = "shares values between kernels, which course notebooks do not use",
        ["connect"] = "connects other kernels, which course notebooks do not use",
        ["help"] = "exists only in dotnet-repl",
    };

    private static readonly Regex DirectiveLine = new(@"^#(?:!|[ri](?![A-Za-z0-9_]))", RegexOptions.CultureInvariant);

    public List<PackageReference> Packages { get; } = [];
    public List<CellStep> Steps { get; } = [];
    public List<DirectiveError> Errors { get; } = [];

    public static bool IsDirectiveLine(string line) => DirectiveLine.IsMatch(line);

    public static CellSyntax Parse(string source)
    {
        var result = new CellSyntax();
        string[] lines = source.Split('\n');
        var code = new List<string>();
        int codeStart = 0;

        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (!IsDirectiveLine(line))
            {
                code.Add(line);
                continue;
            }
            if (line.StartsWith("#!", StringComparison.Ordinal))
            {
                string body = line[2..];
                int space = body.IndexOfAny([' ', '\t']);
                string name = space < 0 ? body : body[..space];
                string arguments = space < 0 ? "" : body[(space + 1)..].Trim();
                if (arguments.Contains("@input:", StringComparison.Ordinal) || arguments.Contains("@password:", StringComparison.Ordinal))
                    result.Errors.Add(new($"'{line.Trim()}': @input/@password tokens need a person at a prompt; notebooks must run unattended.", i));
                else if (SupportedMagics.Contains(name))
                {
                    result.FlushCode(code, codeStart);
                    result.Steps.Add(new MagicStep(name, arguments, i));
                    code.Clear();
                    codeStart = i + 1;
                    continue;
                }
                else if (NonPortableMagics.TryGetValue(name, out var why))
                    result.Errors.Add(new($"'#!{name}' is outside the course's portable subset: it {why}.", i));
                else
                    result.Errors.Add(new($"DNI101: Unknown magic command '#!{name}'", i)); // .NET Interactive's own text
                code.Add("");
                continue;
            }

            // #r or #i
            string value = line[2..].Trim();
            bool isNuget = value.Trim('"').TrimStart().StartsWith("nuget:", StringComparison.Ordinal);
            if (!isNuget)
            {
                code.Add(line);   // #r "file.dll" is Roslyn's; #i "path" gets Roslyn's own error
                continue;
            }
            code.Add("");
            if (line[1] == 'i')
                result.Errors.Add(new($"'{line.Trim()}' adds a package source. Course notebooks restore only from the machine's configured feeds; add a source to NuGet.config instead.", i));
            else if (!PackageReference.TryParse(value, out var reference))
                result.Errors.Add(new($"Invalid package reference: {value}. Write #r \"nuget: Id, Version\".", i));
            else if (reference!.Version.Length == 0)
                result.Errors.Add(new($"#r \"nuget: {reference.Id}\" has no version, so it restores whatever is newest that day. Pin one: #r \"nuget: {reference.Id}, <version>\" (see Directory.Packages.props).", i));
            else if (reference.Version.Contains('*'))
                result.Errors.Add(new($"#r \"nuget: {reference}\" uses a wildcard version. Pin an exact version (see Directory.Packages.props).", i));
            else
                result.Packages.Add(reference);
        }
        result.FlushCode(code, codeStart);
        return result;
    }

    private void FlushCode(List<string> code, int start)
    {
        if (code.Any(l => l.Trim().Length > 0))
            Steps.Add(new CodeStep(string.Join("\n", code), start));
    }
}
