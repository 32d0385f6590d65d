using System.Text.Json;

namespace Workbook.Documents;

/// <summary>Writes a .dib the way .NET Interactive saves one (CodeSubmission.ToCodeSubmissionContent): outputs are never stored.</summary>
public static class DibWriter
{
    public static string Write(DibDocument document, string newline = "\n")
    {
        var lines = new List<string>();
        if (document.Metadata is { Count: > 0 })
        {
            lines.Add("#!meta");
            lines.Add("");
            lines.Add(JsonSerializer.Serialize(document.Metadata));
            lines.Add("");
        }
        foreach (var cell in document.Cells)
        {
            if (cell.Source.Length == 0)
                continue;
            lines.Add("#!" + cell.KernelName);
            lines.Add("");
            lines.AddRange(cell.Source.Split('\n'));
            lines.Add("");
        }
        return string.Join(newline, lines);
    }
}
