using System.Text.Json;
using Workbook.Documents;
using Workbook.Tests.Infrastructure;

namespace Workbook.Tests.Documents;

/// <summary>Writing a .dib as .NET Interactive saves one, and reading it back unchanged (notebook-format.md §1.5).</summary>
public sealed class DibWriterTests
{
    private static void AssertSameDocument(DibDocument expected, DibDocument actual)
    {
        Assert.Equal(expected.Cells, actual.Cells);   // DibCell is a record: kernel, source and first line
        Assert.Equal(JsonSerializer.Serialize(expected.Metadata), JsonSerializer.Serialize(actual.Metadata));
    }

    [Fact]
    public void Write_CanonicalFixture_ReproducesTheFileExactly()
    {
        string text = File.ReadAllText(TestPaths.Fixture("Documents", "roundtrip.dib"));

        string written = DibWriter.Write(DibParser.Parse(text));

        Assert.Equal(text, written);
    }

    [Fact]
    public void ParseOfWrite_CanonicalFixture_EqualsTheDocument()
    {
        var document = DibParser.ParseFile(TestPaths.Fixture("Documents", "roundtrip.dib"));
        Assert.Equal(["markdown", "csharp", "csharp", "fsharp"], document.Cells.Select(c => c.KernelName));
        Assert.Contains("\n    \n", document.Cells[1].Source);   // the whitespace-only line survived

        var again = DibParser.Parse(DibWriter.Write(document));

        AssertSameDocument(document, again);
    }

    [Fact]
    public void ParseOfWrite_UnformattedFile_KeepsKernelsAndSources()
    {
        var document = DibParser.ParseFile(TestPaths.Fixture("Documents", "unformatted.dib"));
        Assert.Equal(
            [("csharp", "var early = 1;"), ("markdown", "text right after the separator"), ("csharp", "var x = 1;"), ("csharp", "Console.WriteLine(x);")],
            document.Cells.Select(c => (c.KernelName, c.Source)));

        string written = DibWriter.Write(document);
        var again = DibParser.Parse(written);

        Assert.Equal(document.Cells.Select(c => (c.KernelName, c.Source)), again.Cells.Select(c => (c.KernelName, c.Source)));
        Assert.StartsWith("#!csharp\n\nvar early = 1;\n\n#!markdown\n\n", written);   // no #!meta to write
        Assert.Equal(written, DibWriter.Write(again));                                  // the canonical form is a fixed point
    }

    [Fact]
    public void Write_CrLf_UsesItForEveryLineAndReadsBackTheSame()
    {
        var document = DibParser.ParseFile(TestPaths.Fixture("Documents", "roundtrip.dib"));

        string written = DibWriter.Write(document, "\r\n");

        Assert.DoesNotContain("\n", written.Replace("\r\n", ""));
        AssertSameDocument(document, DibParser.Parse(written));
    }

    [Fact]
    public void Write_EmptyCellsAndEmptyMetadata_AreLeftOut()
    {
        var document = new DibDocument(
            [new DibCell("csharp", "", 1), new DibCell("markdown", "# T", 3), new DibCell("csharp", "", 5)],
            new Dictionary<string, JsonElement>());

        Assert.Equal("#!markdown\n\n# T\n", DibWriter.Write(document));
    }
}
