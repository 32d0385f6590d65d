using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Workbook.Engines;

namespace Workbook.Results;

/// <summary>
/// A notebook's headline results: the "✓ …" and "✗ …" lines its last code cell showed, the cell that checks the
/// notebook's learning targets. A line counts when it starts with the mark, in a displayed or returned value's
/// text/plain or in the cell's printed text, in the order they appeared.
/// </summary>
public static class CheckLines
{
    /// <summary>The check lines of the last code cell of a run.</summary>
    public static List<string> Of(IEnumerable<CellResult> cells) =>
        cells.LastOrDefault(c => c.Cell.IsCode) is { } last ? FromOutputs(last.Outputs) : [];

    /// <summary>The check lines of the last code cell of an executed notebook (.ipynb text, as ./workbook run writes it).</summary>
    public static List<string> OfExecutedNotebook(string ipynbText) =>
        LastCodeCell(Notebook.Parse(ipynbText, Documents.NotebookDocument.KnownKernels())) is { } last ? FromOutputs(last.Outputs) : [];

    public static InteractiveDocumentElement? LastCodeCell(InteractiveDocument executed) =>
        executed.Elements.LastOrDefault(e => e.KernelName is not null and not Documents.NotebookCell.Markdown);

    public static List<string> FromOutputs(IEnumerable<InteractiveDocumentOutputElement> outputs)
    {
        var lines = new List<string>();
        foreach (var output in outputs)
        {
            string? text = TextOf(output);
            if (text is null)
                continue;
            foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                string trimmed = line.Trim();
                if (trimmed.StartsWith('✓') || trimmed.StartsWith('✗'))
                    lines.Add(trimmed);
            }
        }
        return lines;
    }

    /// <summary>What an output shows as text: a displayed or returned value's text/plain, or printed text; null for anything else.</summary>
    public static string? TextOf(InteractiveDocumentOutputElement output) => output switch
    {
        DisplayElement d => PlainText(d.Data),
        ReturnValueElement r => PlainText(r.Data),
        TextElement t => t.Text,
        _ => null,
    };

    private static string? PlainText(IDictionary<string, object> data) =>
        data.TryGetValue("text/plain", out var value) ? Reports.HtmlReport.Text(value) : null;
}
