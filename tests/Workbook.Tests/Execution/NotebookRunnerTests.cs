using System.Text.Json;
using System.Text.RegularExpressions;
using Workbook.Execution;
using Workbook.Tests.Infrastructure;

namespace Workbook.Tests.Execution;

/// <summary>The runner contract in-process: all cells in order, in the notebook's folder, outputs written (notebook-format.md §5).</summary>
[Collection("Sequential")]
public sealed class NotebookRunnerTests
{
    [Fact]
    public async Task RunAsync_FailingCell_LaterCellsRunInTheNotebooksFolderAndOutputsAreWritten()
    {
        string folder = TestPaths.NewTempDirectory("runner");
        string previous = Environment.CurrentDirectory;
        try
        {
            string notebook = Path.Combine(folder, "nb", "sample.dib");
            Directory.CreateDirectory(Path.GetDirectoryName(notebook)!);
            File.WriteAllText(Path.Combine(folder, "nb", "data.txt"), "from the notebook's folder");
            File.WriteAllText(notebook, """
                #!meta

                {"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"languageName":"csharp","name":"csharp"}]}}

                #!markdown

                # Sample

                #!csharp

                System.IO.File.ReadAllText("data.txt")

                #!csharp

                throw new Exception("cell three fails");

                #!csharp

                Environment.CurrentDirectory

                """);
            string output = Path.Combine(folder, "out");
            var console = new StringWriter();

            var result = await NotebookRunner.RunAsync(notebook, "smoke", () => SessionHarness.Catalog, output, console);

            Assert.Equal(previous, Environment.CurrentDirectory);
            Assert.Null(result.LoadError);
            Assert.Equal((2, 1), (result.Passed, result.Failed));
            Assert.Equal([false, false, true, false], result.Cells.Select(c => c.Failed));
            Assert.Equal("from the notebook's folder", result.Cells[1].Displays().Single().Data["text/plain"]);
            Assert.Equal(15, result.Cells[2].FailureLine);
            Assert.Equal(Path.GetDirectoryName(notebook), result.Cells[3].Displays().Single().Data["text/plain"]);
            string log = console.ToString();
            Assert.Contains("✗ cell 3 FAILED at line 15", log);
            Assert.Matches(new Regex(@"\n2 passed, 1 failed \(\d+\.\d s\)\r?\n$"), log);

            using var ipynb = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "sample.ipynb")));
            Assert.Equal(4, ipynb.RootElement.GetProperty("cells").GetArrayLength());
            string html = File.ReadAllText(Path.Combine(output, "sample.html"));
            Assert.Contains("<h1 id=\"sample\">Sample</h1>", html);
            Assert.Contains("cell three fails", html);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            TestPaths.DeleteQuietly(folder);
        }
    }

    [Fact]
    public async Task RunAsync_UnreadableMeta_FailsTheNotebookWithoutRunningIt()
    {
        string folder = TestPaths.NewTempDirectory("runner");
        try
        {
            string notebook = Path.Combine(folder, "broken.dib");
            File.WriteAllText(notebook, "#!meta\n\n{not json\n\n#!csharp\n\nConsole.WriteLine(1);\n");

            var result = await NotebookRunner.RunAsync(notebook, "smoke", () => SessionHarness.Catalog, null, null);

            Assert.Empty(result.Cells);
            Assert.Equal((0, 1), (result.Passed, result.Failed));
            Assert.Contains("#!meta does not hold valid JSON", result.LoadError);
        }
        finally
        {
            TestPaths.DeleteQuietly(folder);
        }
    }
}
