using System.Text.Json;
using System.Text.Json.Nodes;
using Workbook.Execution;

namespace Workbook.Documents;

/// <summary>
/// Writes an executed notebook as .ipynb in the shape dotnet-repl writes (nbformat 4.5, ".NET (C#)" kernelspec,
/// polyglot_notebook metadata, per-cell start and end times; see dotnet-repl's NotebookRunnerTests approved output),
/// so VS Code, Jupyter and GitHub open it with its outputs.
/// </summary>
public static class IpynbWriter
{
    public static string Write(IReadOnlyList<CellRun> cells)
    {
        var jsonCells = new JsonArray();
        foreach (var run in cells)
        {
            var cell = run.Cell;
            if (cell.KernelName == DibParser.Markdown)
            {
                jsonCells.Add(new JsonObject
                {
                    ["cell_type"] = "markdown",
                    ["metadata"] = new JsonObject(),
                    ["source"] = Lines(cell.Source),
                });
                continue;
            }
            var outputs = new JsonArray();
            foreach (var output in run.Outputs)
                outputs.Add(ToJson(output));
            jsonCells.Add(new JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["metadata"] = new JsonObject
                {
                    ["dotnet_repl_cellExecutionStartTime"] = run.Started.ToString("o"),
                    ["dotnet_repl_cellExecutionEndTime"] = run.Ended.ToString("o"),
                    ["dotnet_interactive"] = new JsonObject { ["language"] = cell.KernelName },
                    ["polyglot_notebook"] = new JsonObject { ["kernelName"] = cell.KernelName },
                },
                ["outputs"] = outputs,
                ["source"] = Lines(cell.Source),
            });
        }

        var notebook = new JsonObject
        {
            ["cells"] = jsonCells,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject
                {
                    ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp", ["name"] = "C#", ["pygments_lexer"] = "csharp", ["version"] = "13.0",
                },
                ["polyglot_notebook"] = new JsonObject
                {
                    ["defaultKernelName"] = "csharp",
                    ["items"] = new JsonArray(new JsonObject { ["name"] = "csharp" }),
                },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        // Relaxed escaping keeps HTML outputs readable in diffs (Jupyter writes them unescaped too).
        return notebook.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            IndentSize = 1,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }

    private static JsonObject ToJson(CellOutput output) => output switch
    {
        StreamOutput s => new JsonObject { ["name"] = s.Name, ["output_type"] = "stream", ["text"] = Lines(s.Text) },
        DisplayOutput d => new JsonObject
        {
            ["data"] = new JsonObject(d.Data.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, Lines(kv.Value)))),
            ["metadata"] = new JsonObject(),
            ["output_type"] = "display_data",
        },
        ErrorOutput e => new JsonObject
        {
            ["ename"] = e.Name,
            ["evalue"] = e.Value,
            ["output_type"] = "error",
            ["traceback"] = new JsonArray(e.Traceback.Select(l => (JsonNode?)l).ToArray()),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(output)),
    };

    /// <summary>Jupyter stores multi-line text as a list of lines, each keeping its "\n".</summary>
    private static JsonArray Lines(string text)
    {
        var array = new JsonArray();
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            array.Add(text[start..end]);
            start = end;
        }
        return array;
    }
}
