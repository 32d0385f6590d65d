using Workbook.Results;
using Workbook.Tests.Infrastructure;

namespace Workbook.Tests.Results;

/// <summary>The README's measured column and block come from the results file; lint fails when the README says anything else.</summary>
public sealed class ReadmeResultsTests : IDisposable
{
    private readonly string _folder = TestPaths.NewTempDirectory("readme-results");

    public void Dispose() => TestPaths.DeleteQuietly(_folder);

    private static readonly CourseNotebook[] Notebooks = [new("01-by-hand", "h1"), new("07-gpt", "h7"), new("09-encoder", "h9")];

    private static string Readme(string cell01 = "not measured", string cell07 = "not measured", string cell09 = "not measured") => $"""
        # Course

        {ReadmeResults.TableBegin}
        | # | Notebook | Check under `cpu` | Measured under `cpu` |
        |---|---|---|---|
        | 01 | [By hand](notebooks/01-by-hand.dib) | exact \| equal | {cell01} |
        | 07 | [GPT](notebooks/07-gpt.dib) | val loss ≤ 1.88 | {cell07} |
        | 09 | [Encoder](notebooks/09-encoder.dib) | accuracy ≥ 0.80 | {cell09} |
        {ReadmeResults.TableEnd}

        Text after the table.

        {ReadmeResults.BlockBegin}
        {ReadmeResults.BlockEnd}

        ## Later

        """;

    private static ResultsFile Results()
    {
        var results = new ResultsFile();
        results.Set("cpu", "07-gpt", ResultsFileTests.Record(250.4, "h7", "✓ validation loss 1.7990 ≤ 1.88"));
        results.Set("cpu", "09-encoder", ResultsFileTests.Record(481, "an older hash", "✓ accuracy 0.829 ≥ 0.80"));
        results.Set("smoke", "01-by-hand", ResultsFileTests.Record(20, "h1"));
        return results;
    }

    [Fact]
    public void Generate_WritesOnlyTheMeasuredCells_NotMeasuredAndStaleSaySo()
    {
        string generated = ReadmeResults.Generate(Readme(), Results(), Notebooks);
        var lines = generated.Split('\n');

        Assert.Contains("| 01 | [By hand](notebooks/01-by-hand.dib) | exact \\| equal | not measured |", lines);   // a smoke record is not a cpu measurement
        Assert.Contains("| 07 | [GPT](notebooks/07-gpt.dib) | val loss ≤ 1.88 | 250 s on 2 cores, 2026-12-06: [1 check](#measured-under-cpu) |", lines);
        Assert.Contains("| 09 | [Encoder](notebooks/09-encoder.dib) | accuracy ≥ 0.80 | 481 s on 2 cores, 2026-12-06: [1 check](#measured-under-cpu), measured on an older version of the notebook |", lines);
        Assert.Contains("Text after the table.", lines);
        Assert.EndsWith("## Later\n", generated);
    }

    [Fact]
    public void Generate_TheBlock_HoldsTheTotalTheChecksAndWhatIsNotMeasured()
    {
        string generated = ReadmeResults.Generate(Readme(), Results(), Notebooks);
        string block = generated.Split(ReadmeResults.BlockBegin)[1].Split(ReadmeResults.BlockEnd)[0];

        Assert.Contains("### Measured under `cpu`", block);
        Assert.Contains("2 of 3 notebooks measured: 12 min 11 s in all (731 s), 1 of them on an older version of the notebook; not measured: 01.", block);
        Assert.Contains("<details><summary>07-gpt: 250 s, 2026-12-06, 1 check</summary>", block);
        Assert.Contains("<details><summary>09-encoder: 481 s, 2026-12-06, 1 check, measured on an older version of the notebook</summary>", block);
        Assert.Contains("dotnet-repl (0.3.259), 2 cores, 1-minute load 1.25 at the start and 2.50 at the end, commit 0123456; recorded by ./workbook run.", block);
        Assert.Contains("```text\n✓ validation loss 1.7990 ≤ 1.88\n```", block);
        Assert.DoesNotContain("01-by-hand:", block);
    }

    [Fact]
    public void Generate_IsStable_RunningItTwiceChangesNothing()
    {
        string once = ReadmeResults.Generate(Readme(), Results(), Notebooks);
        Assert.Equal(once, ReadmeResults.Generate(once, Results(), Notebooks));
    }

    [Fact]
    public void Check_AHandWrittenNumber_FailsWithTheLineAndTheFix()
    {
        string results = Path.Combine(_folder, "results.json");
        Results().Save(results);
        string readme = Path.Combine(_folder, "README.md");
        File.WriteAllText(readme, ReadmeResults.Generate(Readme(), Results(), Notebooks));
        Assert.Empty(ReadmeResults.Check(readme, results, Notebooks, "README.md"));

        File.WriteAllText(readme, File.ReadAllText(readme).Replace("250 s on 2 cores", "200 s on 2 cores", StringComparison.Ordinal));
        var problem = Assert.Single(ReadmeResults.Check(readme, results, Notebooks, "README.md"));

        Assert.Equal(7, problem.Line);   // the 07 row
        Assert.Equal("README.md", problem.File);
        Assert.Contains("the measured results differ from notebooks/results.json (its last cell should read: 250 s on 2 cores, 2026-12-06: [1 check](#measured-under-cpu));", problem.Message);
        Assert.EndsWith("run ./workbook results readme (./workbook export does it too)", problem.Message);
    }

    [Fact]
    public void Check_ANotebookChangedSinceItsRun_IsNoFailureOnceTheReadmeSaysSo()
    {
        string results = Path.Combine(_folder, "results.json");
        Results().Save(results);
        string readme = Path.Combine(_folder, "README.md");
        File.WriteAllText(readme, ReadmeResults.Generate(Readme(), Results(), Notebooks));
        CourseNotebook[] edited = [Notebooks[0], Notebooks[1] with { Sha256 = "edited" }, Notebooks[2]];

        var problem = Assert.Single(ReadmeResults.Check(readme, results, edited, "README.md"));
        Assert.Contains("measured on an older version of the notebook", problem.Message);

        File.WriteAllText(readme, ReadmeResults.Generate(File.ReadAllText(readme), ResultsFile.Load(results), edited));
        Assert.Empty(ReadmeResults.Check(readme, results, edited, "README.md"));
    }

    [Fact]
    public void Generate_WithoutMarkers_OrWithARowForNoNotebook_SaysWhere()
    {
        var missing = Assert.Throws<ReadmeFormatException>(() => ReadmeResults.Generate("# Course\n", Results(), Notebooks));
        Assert.Contains("has no \"<!-- results:table begin", missing.Message);

        var orphan = Assert.Throws<ReadmeFormatException>(() => ReadmeResults.Generate(Readme(), Results(), Notebooks[..2]));
        Assert.Equal(8, orphan.Line);
        Assert.Contains("there is no notebooks/09-*.dib", orphan.Message);

        string shortRow = Readme().Replace("| val loss ≤ 1.88 | not measured |", "| val loss ≤ 1.88 |", StringComparison.Ordinal);
        var cells = Assert.Throws<ReadmeFormatException>(() => ReadmeResults.Generate(shortRow, Results(), Notebooks));
        Assert.Equal(7, cells.Line);
    }
}
