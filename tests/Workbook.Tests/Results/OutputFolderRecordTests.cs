using Microsoft.DotNet.Interactive.Documents;
using Workbook.Documents;
using Workbook.Engines;
using Workbook.Reports;
using Workbook.Results;
using Workbook.Tests.Infrastructure;

namespace Workbook.Tests.Results;

/// <summary>
/// `./workbook results record DIR`: a run's output folder (the .ipynb and .html ./workbook run writes) becomes a record,
/// unless the notebook changed since, a cell failed, or the report is of another profile.
/// </summary>
public sealed class OutputFolderRecordTests : IDisposable
{
    private const string Dib = """
        #!meta

        {"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"languageName":"csharp","name":"csharp"}]}}

        #!markdown

        # GPT

        #!csharp

        var loss = 1.799;

        #!csharp

        display(Check.That(loss <= 1.88, $"validation loss {loss} ≤ 1.88"));

        """;

    private readonly string _root = TestPaths.NewTempDirectory("record-folder");
    private readonly string _out;
    private readonly RepoLayout _repo;
    private readonly string _notebook;

    public OutputFolderRecordTests()
    {
        _repo = new RepoLayout(_root);
        Directory.CreateDirectory(_repo.Notebooks);
        _notebook = Path.Combine(_repo.Notebooks, "07-gpt.dib");
        File.WriteAllText(_notebook, Dib);
        _out = Path.Combine(_root, "out");
        Directory.CreateDirectory(_out);
    }

    public void Dispose() => TestPaths.DeleteQuietly(_root);

    /// <summary>Writes the folder as ./workbook run does: the executed notebook and its report, from a run of the .dib on disk.</summary>
    private void WriteRun(string profile = "cpu", bool fail = false)
    {
        var started = new DateTimeOffset(2026, 12, 6, 15, 0, 0, TimeSpan.Zero);
        var cells = NotebookDocument.Load(_notebook).Cells.Select((c, i) => new CellResult(i + 1, c)).ToList();
        foreach (var cell in cells.Where(c => c.Cell.IsCode))
        {
            cell.Started = started.AddSeconds(cell.Number);
            cell.Ended = cell.Started.Value.AddSeconds(1);
        }
        cells[^1].Outputs.Add(new DisplayElement(new Dictionary<string, object> { ["text/plain"] = "✓ validation loss 1.799 ≤ 1.88" }));
        if (fail)
            cells[1].Outputs.Add(new ErrorElement(errorName: "Error", errorValue: "boom", stackTrace: []));
        var run = new NotebookRun(_notebook, Engine.Kernel, "VS Code's kernel (dotnet-interactive 1.0.712001)", profile, started,
            TimeSpan.FromSeconds(251.3), cells, null);
        File.WriteAllText(Path.Combine(_out, "07-gpt.ipynb"), NotebookRunner.ToJupyter(run));
        File.WriteAllText(Path.Combine(_out, "07-gpt.html"), HtmlReport.Render(run, "notebooks/07-gpt.dib", null));
    }

    [Fact]
    public void Read_AnUnchangedPassingRun_GivesItsChecksTimeAndEngine()
    {
        WriteRun();

        var record = OutputFolderRecord.Read(_repo, _out, _notebook, "cpu");

        Assert.Equal(["✓ validation loss 1.799 ≤ 1.88"], record.Checks);
        Assert.Equal(251.3, record.Seconds);
        Assert.Equal("VS Code's kernel (dotnet-interactive 1.0.712001)", record.Engine);
        Assert.Equal("2026-12-06T15:00:02Z", record.StartedUtc);
        Assert.Equal(MachineState.Sha256(_notebook), record.DibSha256);
        Assert.Null(record.LoadStart);
        Assert.StartsWith("./workbook results record", record.RecordedBy);
        Assert.DoesNotContain(_out, record.RecordedBy);   // no machine path in a committed file
    }

    [Fact]
    public void Read_TheNotebookChangedSince_IsRefused()
    {
        WriteRun();
        File.WriteAllText(_notebook, Dib.Replace("1.799", "1.801", StringComparison.Ordinal));

        var e = Assert.Throws<ResultsFileException>(() => OutputFolderRecord.Read(_repo, _out, _notebook, "cpu"));
        Assert.Contains("notebooks/07-gpt.dib changed since", e.Message);
        Assert.Contains("(cell 2 differs)", e.Message);
    }

    [Fact]
    public void Read_AFailedCell_IsRefused()
    {
        WriteRun(fail: true);

        var e = Assert.Throws<ResultsFileException>(() => OutputFolderRecord.Read(_repo, _out, _notebook, "cpu"));
        Assert.Contains("cell 2 of", e.Message);
        Assert.Contains("failed: only a run that passed is recorded", e.Message);
    }

    [Fact]
    public void Read_ARunOfAnotherProfile_IsRefused()
    {
        WriteRun(profile: "smoke");

        var e = Assert.Throws<ResultsFileException>(() => OutputFolderRecord.Read(_repo, _out, _notebook, "cpu"));
        Assert.EndsWith("is a run under smoke, not cpu: give --profile smoke", e.Message);
    }
}
