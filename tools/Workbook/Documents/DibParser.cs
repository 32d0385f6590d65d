using System.Text;
using System.Text.Json;

namespace Workbook.Documents;

/// <summary>
/// Splits a .dib file into cells exactly as .NET Interactive's <c>CodeSubmission.Parse</c> does
/// (dotnet/interactive src/Microsoft.DotNet.Interactive.Documents/CodeSubmission.cs, the parser both
/// VS Code and dotnet-repl use), so the runner sees the same cells the real tools see.
/// </summary>
public static class DibParser
{
    public const string CSharp = "csharp";
    public const string Markdown = "markdown";

    /// <summary>The kernels VS Code's notebook parser knows (NotebookParserServer.WellKnownKernelInfos) plus markdown.
    /// Names and aliases are matched case-sensitively and must fill the whole line after "#!".</summary>
    public static readonly IReadOnlyDictionary<string, string> WellKnownAliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["csharp"] = CSharp, ["c#"] = CSharp, ["cs"] = CSharp,
        ["fsharp"] = "fsharp", ["f#"] = "fsharp", ["fs"] = "fsharp",
        ["html"] = "html",
        ["http"] = "http",
        ["javascript"] = "javascript", ["js"] = "javascript",
        ["mermaid"] = "mermaid",
        ["pwsh"] = "pwsh", ["powershell"] = "pwsh",
        ["value"] = "value",
        ["markdown"] = Markdown, ["md"] = Markdown,
    };

    public static DibDocument ParseFile(string path) => Parse(File.ReadAllText(path, new UTF8Encoding(false)));

    public static DibDocument Parse(string content)
    {
        if (content.Length > 0 && content[0] == '\uFEFF')
            content = content[1..];

        // "\r\n" and "\n" end a line; a lone "\r" does not.
        string[] lines = content.Length == 0 ? [] : content.Split(["\r\n", "\n"], StringSplitOptions.None);
        var aliases = new Dictionary<string, string>(WellKnownAliases, StringComparer.Ordinal);
        var cells = new List<DibCell>();
        Dictionary<string, JsonElement>? metadata = null;
        string currentKernel = CSharp;          // lines before the first separator belong to C#
        var current = new List<(string Text, int Line)>();
        bool foundMetadata = false;

        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];

            if (!foundMetadata && line.StartsWith("#!meta", StringComparison.Ordinal))
            {
                // The JSON runs until the next line that starts with "#!". Like the reference parser, when it
                // runs to the end of the file the last line is also kept as a body line.
                foundMetadata = true;
                var json = new StringBuilder();
                while (i < lines.Length - 1 && !(line = lines[++i]).StartsWith("#!", StringComparison.Ordinal))
                    json.AppendLine(line);
                metadata = ParseMetadata(json.ToString());
                if (metadata is not null)
                    MergeKernelAliases(aliases, metadata);
            }

            if (line.StartsWith("#!", StringComparison.Ordinal) && aliases.TryGetValue(line[2..], out var kernel))
            {
                AddCell();
                currentKernel = kernel;
                current.Clear();
            }
            else
            {
                current.Add((line, i + 1));
            }
        }
        AddCell();

        if (cells.Count == 0)
            cells.Add(new DibCell(currentKernel, "", 1));
        return new DibDocument(cells, metadata);

        void AddCell()
        {
            // Only truly empty lines are trimmed; a line of spaces stays.
            int start = 0, end = current.Count;
            while (start < end && current[start].Text.Length == 0)
                start++;
            while (end > start && current[end - 1].Text.Length == 0)
                end--;
            if (start < end)
                cells.Add(new DibCell(currentKernel, string.Join("\n", current.Skip(start).Take(end - start).Select(l => l.Text)), current[start].Line));
        }
    }

    /// <summary>The #!meta JSON; null for a literal null, which .NET Interactive also reads as no metadata.</summary>
    private static Dictionary<string, JsonElement>? ParseMetadata(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json);
        }
        catch (JsonException e)
        {
            throw new DibFormatException($"#!meta does not hold valid JSON ({e.Message}). VS Code and dotnet-repl cannot open this file either.");
        }
    }

    /// <summary>kernelInfo.items from #!meta become cell separators too, when their names are new.</summary>
    private static void MergeKernelAliases(Dictionary<string, string> aliases, Dictionary<string, JsonElement> metadata)
    {
        if (!metadata.TryGetValue("kernelInfo", out var info) || info.ValueKind != JsonValueKind.Object
            || !info.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            return;
        var knownNames = new HashSet<string>(aliases.Values, StringComparer.Ordinal);
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("name", out var nameElement)
                || nameElement.GetString() is not { Length: > 0 } name || !knownNames.Add(name))
                continue;
            var names = new List<string> { name };
            if (item.TryGetProperty("aliases", out var more) && more.ValueKind == JsonValueKind.Array)
                names.AddRange(more.EnumerateArray().Select(a => a.GetString() ?? ""));
            foreach (var alias in names)
            {
                if (!aliases.TryAdd(alias, name))
                    throw new DibFormatException($"#!meta: a kernel with name or alias '{alias}' is already present.");
            }
        }
    }
}
