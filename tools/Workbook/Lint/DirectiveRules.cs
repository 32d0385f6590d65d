using System.Text.RegularExpressions;

namespace Workbook.Lint;

/// <summary>The value of a <c>#r "nuget: Id, Version"</c> directive, split as .NET Interactive splits it.</summary>
public sealed record PackageReference(string Id, string Version)
{
    /// <summary>Quotes and blanks trimmed, the "nuget:" prefix required, id and version split at the first comma.</summary>
    public static bool TryParse(string value, out PackageReference? reference)
    {
        reference = null;
        value = value.Trim(' ', '\t', '"');
        if (!value.StartsWith("nuget:", StringComparison.Ordinal))
            return false;
        string rest = value["nuget:".Length..];
        int comma = rest.IndexOf(',');
        string id = (comma < 0 ? rest : rest[..comma]).Trim();
        string version = comma < 0 ? "" : rest[(comma + 1)..].Trim();
        if (id.Length == 0)
            return false;
        reference = new PackageReference(id, version);
        return true;
    }

    public override string ToString() => Version.Length == 0 ? Id : $"{Id}, {Version}";
}

/// <summary>
/// The directive lines of a C# cell, checked against the course's portable subset. A directive is a line that
/// starts, at column 0, with "#!" or with "#r"/"#i" as a whole word (.NET Interactive's SubmissionParser rule, so
/// #region and #if are plain C#). This only reads text: the tools themselves run the notebooks.
/// </summary>
public static partial class DirectiveRules
{
    /// <summary>Magic commands course notebooks may use: both tools run them the same way.</summary>
    public static readonly IReadOnlySet<string> PortableMagics = new HashSet<string>(StringComparer.Ordinal) { "import", "who", "whos", "about" };

    /// <summary>Magic commands a tool knows that course notebooks leave out, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> NonPortableMagics = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["time"] = "runs in VS Code's kernel but fails in dotnet-repl (DNI101 unknown magic command); time code with a Stopwatch instead",
        ["lsmagic"] = "runs in VS Code's kernel but fails in dotnet-repl (DNI101 unknown magic command)",
        ["set"] = "shares values between kernels, which course notebooks do not use",
        ["share"] = "shares values between kernels, which course notebooks do not use",
        ["connect"] = "connects other kernels, which course notebooks do not use",
        ["help"] = "exists only in dotnet-repl",
    };

    [GeneratedRegex(@"^#(?:!|[ri](?![A-Za-z0-9_]))", RegexOptions.CultureInvariant)]
    private static partial Regex DirectiveLine();

    public static bool IsDirectiveLine(string line) => DirectiveLine().IsMatch(line);

    /// <summary>Problems with the cell's directives, by 0-based line in the cell, and the packages it loads.</summary>
    public static (List<(int LineIndex, string Message)> Problems, List<(int LineIndex, PackageReference Package)> Packages) Check(string source)
    {
        var problems = new List<(int, string)>();
        var packages = new List<(int, PackageReference)>();
        string[] lines = source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (!IsDirectiveLine(line))
                continue;
            if (line.StartsWith("#!", StringComparison.Ordinal))
            {
                string body = line[2..];
                int space = body.IndexOfAny([' ', '\t']);
                string name = space < 0 ? body : body[..space];
                string arguments = space < 0 ? "" : body[(space + 1)..].Trim();
                if (arguments.Contains("@input:", StringComparison.Ordinal) || arguments.Contains("@password:", StringComparison.Ordinal))
                    problems.Add((i, $"'{line.Trim()}': @input/@password tokens need a person at a prompt; notebooks must run unattended."));
                else if (NonPortableMagics.TryGetValue(name, out var why))
                    problems.Add((i, $"'#!{name}' is outside the course's portable subset: it {why}."));
                else if (!PortableMagics.Contains(name))
                    problems.Add((i, $"DNI101: Unknown magic command '#!{name}' (both tools fail the cell with this error)."));
                continue;
            }

            string value = line[2..].Trim();
            if (!value.Trim('"').TrimStart().StartsWith("nuget:", StringComparison.Ordinal))
                continue;   // #r "file.dll" is Roslyn's; #i "path" is checked by the linter
            if (line[1] == 'i')
                problems.Add((i, $"'{line.Trim()}' adds a package source. Course notebooks restore only from the machine's configured feeds; add a source to NuGet.config instead."));
            else if (!PackageReference.TryParse(value, out var reference))
                problems.Add((i, $"Invalid package reference: {value}. Write #r \"nuget: Id, Version\"."));
            else if (reference!.Version.Length == 0)
                problems.Add((i, $"#r \"nuget: {reference.Id}\" has no version, so it restores whatever is newest that day. Pin one: #r \"nuget: {reference.Id}, <version>\" (see Directory.Packages.props)."));
            else if (reference.Version.Contains('*'))
                problems.Add((i, $"#r \"nuget: {reference}\" uses a wildcard version. Pin an exact version (see Directory.Packages.props)."));
            else
                packages.Add((i, reference));
        }
        return (problems, packages);
    }
}
