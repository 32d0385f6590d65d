using Workbook.Documents;

namespace Workbook.Tests.Documents;

/// <summary>Cells as .NET Interactive's own parser splits them, and the line each starts at.</summary>
public sealed class NotebookDocumentTests
{
    private const string Meta = "#!meta\n\n" + """{"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"languageName":"csharp","name":"csharp"}]}}""" + "\n\n";

    [Fact]
    public void Parse_SplitsCellsAndFindsTheirFirstLines()
    {
        var document = NotebookDocument.Parse(Meta + "#!markdown\n\n# Title\n\n#!csharp\n\nvar a = 1;\n\na + 1\n\n#!csharp\n\n\n#!whos\n");

        Assert.Equal(["markdown", "csharp", "csharp"], document.Cells.Select(c => c.KernelName));
        Assert.Equal(["# Title", "var a = 1;\n\na + 1", "#!whos"], document.Cells.Select(c => c.Source));
        Assert.Equal([7, 11, 18], document.Cells.Select(c => c.FirstLine));
        Assert.Equal("csharp", document.DefaultKernelName);
    }

    [Fact]
    public void Parse_AliasesAndOtherKernels_StartCellsUnderTheirCanonicalNames()
    {
        var document = NotebookDocument.Parse(Meta + "#!c#\n\n1\n\n#!fsharp\n\nlet x = 1\n\n#!md\n\ntext\n");

        Assert.Equal(["csharp", "fsharp", "markdown"], document.Cells.Select(c => c.KernelName));
    }

    [Fact]
    public void Parse_UnknownHashBangLine_StaysInItsCellAsAMagicCommand()
    {
        var document = NotebookDocument.Parse(Meta + "#!csharp\n\nvar a = 1;\n#!no-such-kernel\nvar b = 2;\n");

        var cell = Assert.Single(document.Cells);
        Assert.Equal("var a = 1;\n#!no-such-kernel\nvar b = 2;", cell.Source);
    }

    [Fact]
    public void Parse_CrLfLineEndings_GiveTheSameLines()
    {
        string text = Meta + "#!csharp\n\nvar a = 1;\n\n#!csharp\n\nvar b = 2;\n";

        var lf = NotebookDocument.Parse(text);
        var crlf = NotebookDocument.Parse(text.Replace("\n", "\r\n"));

        Assert.Equal(lf.Cells.Select(c => c.FirstLine), crlf.Cells.Select(c => c.FirstLine));
        Assert.Equal([7, 11], crlf.Cells.Select(c => c.FirstLine));
    }

    [Fact]
    public void Parse_MetaThatIsNotJson_IsAFormatError()
    {
        var error = Assert.Throws<NotebookFormatException>(() => NotebookDocument.Parse("#!meta\n\n{oops\n\n#!csharp\n\n1\n"));

        Assert.StartsWith(".NET Interactive cannot open this notebook:", error.Message);
    }
}
