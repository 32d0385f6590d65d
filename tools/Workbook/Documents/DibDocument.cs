using System.Text.Json;

namespace Workbook.Documents;

/// <summary>One cell of a .dib file.</summary>
/// <param name="KernelName">Canonical kernel name: "csharp", "markdown", or another kernel the runner refuses to run.</param>
/// <param name="Source">The cell's text, lines joined with "\n", leading and trailing empty lines removed.</param>
/// <param name="FirstLine">1-based line number, in the file, of the first line of <paramref name="Source"/>.</param>
public sealed record DibCell(string KernelName, string Source, int FirstLine)
{
    public bool IsCode => KernelName != DibParser.Markdown;
}

/// <summary>A parsed .dib notebook: its cells and its #!meta block.</summary>
public sealed record DibDocument(IReadOnlyList<DibCell> Cells, IReadOnlyDictionary<string, JsonElement>? Metadata)
{
    /// <summary>kernelInfo.defaultKernelName from #!meta, when present.</summary>
    public string? DefaultKernelName =>
        Metadata is not null
        && Metadata.TryGetValue("kernelInfo", out var info)
        && info.ValueKind == JsonValueKind.Object
        && info.TryGetProperty("defaultKernelName", out var name)
        && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;
}

/// <summary>A .dib file that .NET Interactive itself could not open (bad #!meta JSON, clashing kernel aliases).</summary>
public sealed class DibFormatException(string message) : Exception(message);
