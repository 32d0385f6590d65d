using System.Text.Json;
using Workbook.Documents;
using Workbook.Execution;

namespace Workbook.Tests.Documents;

/// <summary>The executed notebook is written as nbformat 4.5 with Jupyter's output kinds, as dotnet-repl writes it.</summary>
public sealed class IpynbWriterTests
{
    [Fact]
    public void Write_Cells_GivesJupyterCellsAndOutputs()
    {
        var markdown = new CellRun(1, new DibCell(DibParser.Markdown, "# Title\ntext", 5));
        var code = new CellRun(2, new DibCell(DibParser.CSharp, "Console.WriteLine(1);\n1", 10));
        code.Outputs.Add(new StreamOutput("stdout", "one\ntwo\n"));
        code.Outputs.Add(new DisplayOutput(new Dictionary<string, string> { ["text/plain"] = "1", ["text/html"] = "<b>1</b>" }));
        code.Outputs.Add(new ErrorOutput("Error", "boom", ["at line 1", "at line 2"]));

        using var json = JsonDocument.Parse(IpynbWriter.Write([markdown, code]));
        var root = json.RootElement;

        Assert.Equal(4, root.GetProperty("nbformat").GetInt32());
        Assert.Equal(5, root.GetProperty("nbformat_minor").GetInt32());
        Assert.Equal(".net-csharp", root.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString());
        var cells = root.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(["markdown", "code"], cells.Select(c => c.GetProperty("cell_type").GetString()));
        Assert.Equal(["# Title\n", "text"], cells[0].GetProperty("source").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("csharp", cells[1].GetProperty("metadata").GetProperty("polyglot_notebook").GetProperty("kernelName").GetString());

        var outputs = cells[1].GetProperty("outputs").EnumerateArray().ToList();
        Assert.Equal(["stream", "display_data", "error"], outputs.Select(o => o.GetProperty("output_type").GetString()));
        Assert.Equal("stdout", outputs[0].GetProperty("name").GetString());
        Assert.Equal(["one\n", "two\n"], outputs[0].GetProperty("text").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(["<b>1</b>"], outputs[1].GetProperty("data").GetProperty("text/html").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("boom", outputs[2].GetProperty("evalue").GetString());
        Assert.Equal(2, outputs[2].GetProperty("traceback").GetArrayLength());
    }
}
