using Microsoft.DotNet.Interactive.Documents;

namespace Workbook.Documents;

/// <summary>One cell of a .dib notebook as the real parser splits it, with where it starts in the file.</summary>
/// <param name="KernelName">"csharp", "markdown", or another kernel's name.</param>
/// <param name="Source">The cell's text as the kernel receives it.</param>
/// <param name="FirstLine">1-based line in the file of the cell's first line.</param>
public sealed record NotebookCell(string KernelName, string Source, int FirstLine)
{
    public const string CSharp = "csharp";
    public const string Markdown = "markdown";

    public bool IsCode => KernelName != Markdown;
}

/// <summary>
/// A .dib notebook read with .NET Interactive's own parser (Microsoft.DotNet.Interactive.Documents, the version
/// both tools bundle), so its cells are exactly the cells VS Code and dotnet-repl submit. The parser does not
/// keep line numbers; <see cref="NotebookCell.FirstLine"/> is found by locating each cell's text in order.
/// </summary>
public sealed class NotebookDocument
{
    private NotebookDocument(InteractiveDocument document, IReadOnlyList<NotebookCell> cells)
    {
        Document = document;
        Cells = cells;
    }

    /// <summary>The parsed document, as the real tools hold it.</summary>
    public InteractiveDocument Document { get; }

    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>kernelInfo.defaultKernelName from #!meta, when present.</summary>
    public string? DefaultKernelName => Document.GetDefaultKernelName();

    /// <summary>
    /// The kernels VS Code's notebook parser knows (dotnet-interactive's parser server), plus markdown. A line
    /// "#!name" with one of these names starts a new cell; any other "#!" line stays in its cell as a magic command.
    /// </summary>
    public static KernelInfoCollection KnownKernels()
    {
        var kernels = new KernelInfoCollection
        {
            new KernelInfo("csharp", "C#", ["c#", "C#", "cs"]),
            new KernelInfo("fsharp", "F#", ["f#", "F#", "fs"]),
            new KernelInfo("pwsh", "PowerShell", ["powershell"]),
            new KernelInfo("javascript", "JavaScript", ["js"]),
            new KernelInfo("html", "HTML", []),
            new KernelInfo("http", "HTTP", []),
            new KernelInfo("mermaid", "Mermaid", []),
            new KernelInfo("value", null!, []),
            new KernelInfo("markdown", "Markdown", ["md"]),
        };
        kernels.DefaultKernelName = "csharp";
        return kernels;
    }

    public static NotebookDocument Load(string path) => Parse(File.ReadAllText(path));

    /// <exception cref="NotebookFormatException">The real parser cannot open the text (bad #!meta JSON, clashing aliases).</exception>
    public static NotebookDocument Parse(string text)
    {
        InteractiveDocument document;
        try
        {
            document = CodeSubmission.Parse(text, KnownKernels());
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            throw new NotebookFormatException($".NET Interactive cannot open this notebook: {e.Message}");
        }

        string normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var cells = new List<NotebookCell>();
        int position = 0;
        foreach (var element in document.Elements)
        {
            string contents = element.Contents.Replace("\r\n", "\n", StringComparison.Ordinal);
            int at = contents.Length == 0 ? -1 : normalized.IndexOf(contents, position, StringComparison.Ordinal);
            int line = at < 0 ? 1 : 1 + normalized.AsSpan(0, at).Count('\n');
            if (at >= 0)
                position = at + contents.Length;
            cells.Add(new NotebookCell(element.KernelName ?? document.GetDefaultKernelName() ?? NotebookCell.CSharp, contents, line));
        }
        return new NotebookDocument(document, cells);
    }
}

/// <summary>A .dib file that .NET Interactive itself could not open.</summary>
public sealed class NotebookFormatException(string message) : Exception(message);
