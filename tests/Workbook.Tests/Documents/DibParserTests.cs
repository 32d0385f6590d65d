using System.Text;
using System.Text.Json;
using Workbook.Documents;

namespace Workbook.Tests.Documents;

/// <summary>
/// The parser must cut a .dib into the same cells as .NET Interactive's CodeSubmission.Parse with VS Code's
/// kernel list (docs/notebook-format.md §1.2; dotnet/interactive CodeSubmissionFormatTests).
/// </summary>
public sealed class DibParserTests
{
    private const string Meta = """{"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"languageName":"csharp","name":"csharp"}]}}""";

    private static string Lines(params string[] lines) => string.Join("\n", lines);

    private static (string Kernel, string Source, int FirstLine)[] Cells(DibDocument document) =>
        document.Cells.Select(c => (c.KernelName, c.Source, c.FirstLine)).ToArray();

    [Fact]
    public void Parse_Separators_SplitCellsWithKernelAndFirstLine()
    {
        var document = DibParser.Parse(Lines(
            "#!meta",                   // 1
            "",                         // 2
            Meta,                       // 3
            "",                         // 4
            "#!markdown",               // 5
            "",                         // 6
            "# Title",                  // 7
            "",                         // 8
            "#!csharp",                 // 9
            "",                         // 10
            "var x = 1;",               // 11
            "",                         // 12
            "x + 1",                    // 13
            "",                         // 14
            "#!csharp",                 // 15
            "Console.WriteLine(x);"));  // 16

        Assert.Equal(
            [(DibParser.Markdown, "# Title", 7), (DibParser.CSharp, "var x = 1;\n\nx + 1", 11), (DibParser.CSharp, "Console.WriteLine(x);", 16)],
            Cells(document));
        Assert.Equal("csharp", document.DefaultKernelName);
    }

    [Fact]
    public void Parse_CrLfAndLf_GiveTheSameCells()
    {
        string[] lines = ["#!markdown", "", "text", "", "#!csharp", "", "var a = 1;", "var b = 2;", ""];

        var lf = DibParser.Parse(string.Join("\n", lines));
        var crlf = DibParser.Parse(string.Join("\r\n", lines));
        var mixed = DibParser.Parse("#!markdown\r\n\ntext\n\r\n#!csharp\n\r\nvar a = 1;\r\nvar b = 2;\n");

        Assert.Equal([(DibParser.Markdown, "text", 3), (DibParser.CSharp, "var a = 1;\nvar b = 2;", 7)], Cells(lf));
        Assert.Equal(Cells(lf), Cells(crlf));
        Assert.Equal(Cells(lf), Cells(mixed));
    }

    [Fact]
    public void Parse_LoneCarriageReturn_IsNotALineSeparator()
    {
        var document = DibParser.Parse("var a = 1;\r#!markdown\rtext");

        var cell = Assert.Single(document.Cells);
        Assert.Equal(DibParser.CSharp, cell.KernelName);
        Assert.Equal("var a = 1;\r#!markdown\rtext", cell.Source);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsStripped()
    {
        var document = DibParser.Parse("\uFEFF#!markdown\ntext");

        Assert.Equal([(DibParser.Markdown, "text", 2)], Cells(document));
    }

    [Fact]
    public void ParseFile_Utf8ByteOrderMark_IsStripped()
    {
        string folder = Infrastructure.TestPaths.NewTempDirectory("bom");
        try
        {
            string path = Path.Combine(folder, "bom.dib");
            File.WriteAllText(path, "#!meta\n\n" + Meta + "\n\n#!csharp\n\nvar ü = 1;\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            Assert.Equal(0xEF, File.ReadAllBytes(path)[0]);

            var document = DibParser.ParseFile(path);

            Assert.Equal([(DibParser.CSharp, "var ü = 1;", 7)], Cells(document));
            Assert.Equal("csharp", document.DefaultKernelName);
        }
        finally
        {
            Infrastructure.TestPaths.DeleteQuietly(folder);
        }
    }

    [Fact]
    public void Parse_EmptyLines_TrimmedAtEdgesButWhitespaceOnlyLinesKept()
    {
        var document = DibParser.Parse(Lines("#!csharp", "", "", "   ", "var a = 1;", "", "", "var b = 2;", "\t", "", ""));

        var cell = Assert.Single(document.Cells);
        Assert.Equal("   \nvar a = 1;\n\n\nvar b = 2;\n\t", cell.Source);
        Assert.Equal(4, cell.FirstLine);
    }

    [Fact]
    public void Parse_CellOfOnlyEmptyLines_IsDropped()
    {
        var document = DibParser.Parse(Lines("#!markdown", "", "", "#!csharp", "", "var a = 1;"));

        Assert.Equal([(DibParser.CSharp, "var a = 1;", 6)], Cells(document));
    }

    [Fact]
    public void Parse_SeparatorWithTrailingSpace_StaysInTheBody()
    {
        var document = DibParser.Parse(Lines("#!markdown", "text", "#!csharp ", "var a = 1;"));

        var cell = Assert.Single(document.Cells);
        Assert.Equal(DibParser.Markdown, cell.KernelName);
        Assert.Equal("text\n#!csharp \nvar a = 1;", cell.Source);
    }

    [Fact]
    public void Parse_UnknownMagicCommand_StaysInTheBody()
    {
        var document = DibParser.Parse(Lines("#!csharp", "#!foo", "#!time", "var a = 1;", "#!C#", "var b = 2;"));

        // #!C# is no alias in VS Code's kernel list (csharp has "c#" and "cs" only): a magic command, not a separator.
        var cell = Assert.Single(document.Cells);
        Assert.Equal(DibParser.CSharp, cell.KernelName);
        Assert.Equal("#!foo\n#!time\nvar a = 1;\n#!C#\nvar b = 2;", cell.Source);
        Assert.Equal(2, cell.FirstLine);
    }

    [Fact]
    public void Parse_KernelAliases_AreCanonicalized()
    {
        var document = DibParser.Parse(Lines("#!c#", "a", "#!cs", "b", "#!md", "c", "#!f#", "d", "#!powershell", "e", "#!js", "f"));

        Assert.Equal(["csharp", "csharp", "markdown", "fsharp", "pwsh", "javascript"], document.Cells.Select(c => c.KernelName));
        Assert.Equal(["a", "b", "c", "d", "e", "f"], document.Cells.Select(c => c.Source));
    }

    [Fact]
    public void Parse_LinesBeforeTheFirstSeparator_BelongToCSharp()
    {
        var document = DibParser.Parse(Lines("", "var a = 1;", "#!markdown", "text"));

        Assert.Equal([(DibParser.CSharp, "var a = 1;", 2), (DibParser.Markdown, "text", 4)], Cells(document));
    }

    [Fact]
    public void Parse_MetaDefaultKernel_DoesNotChangeTheKernelOfLeadingLines()
    {
        // The reference parser picks the starting kernel from its caller's list, before the meta is read.
        var document = DibParser.Parse(Lines(
            "let x = 1",
            "#!meta",
            """{"kernelInfo":{"defaultKernelName":"fsharp","items":[{"name":"fsharp"}]}}""",
            "#!markdown",
            "text"));

        Assert.Equal("fsharp", document.DefaultKernelName);
        Assert.Equal([(DibParser.CSharp, "let x = 1", 1), (DibParser.Markdown, "text", 5)], Cells(document));
    }

    [Fact]
    public void Parse_EmptyFile_IsOneEmptyCSharpCell()
    {
        foreach (string content in new[] { "", "\n\n", "\uFEFF" })
        {
            var document = DibParser.Parse(content);

            var cell = Assert.Single(document.Cells);
            Assert.Equal(DibParser.CSharp, cell.KernelName);
            Assert.Equal("", cell.Source);
            Assert.Null(document.Metadata);
        }
    }

    [Fact]
    public void Parse_MetaJsonSpanningLines_IsReadAndNotACell()
    {
        var document = DibParser.Parse(Lines(
            "",
            "#!meta",
            "",
            "{",
            "    \"someProperty\": 123,",
            "    \"kernelInfo\": { \"defaultKernelName\": \"csharp\" }",
            "}",
            "",
            "#!markdown",
            "",
            "# Title",
            "",
            "#!csharp",
            "",
            "Console.Write(\"hello\");",
            "",
            ""));

        Assert.NotNull(document.Metadata);
        Assert.Equal(123, document.Metadata["someProperty"].GetInt32());
        Assert.Equal("csharp", document.DefaultKernelName);
        Assert.Equal([(DibParser.Markdown, "# Title", 11), (DibParser.CSharp, "Console.Write(\"hello\");", 15)], Cells(document));
    }

    [Fact]
    public void Parse_KernelSelectorRightAfterMeta_StartsACell()
    {
        var document = DibParser.Parse(Lines("#!meta", """{"theAnswer":42}""", "#!csharp", "var x = 1;"));

        Assert.Equal(42, document.Metadata!["theAnswer"].GetInt32());
        Assert.Equal([(DibParser.CSharp, "var x = 1;", 4)], Cells(document));
    }

    [Fact]
    public void Parse_OnlyTheFirstMetaIsMetadata()
    {
        var document = DibParser.Parse(Lines("#!meta", """{"a":1}""", "#!csharp", "#!meta", """{"b":2}"""));

        Assert.Equal(["a"], document.Metadata!.Keys);
        Assert.Equal([(DibParser.CSharp, "#!meta\n{\"b\":2}", 4)], Cells(document));
    }

    [Fact]
    public void Parse_MetaItems_AddNewSeparators()
    {
        var document = DibParser.Parse(Lines(
            "#!meta",
            """{"kernelInfo":{"defaultKernelName":"csharp","items":[{"name":"csharp"},{"name":"sql-db","languageName":"SQL","aliases":["db"]}]}}""",
            "#!sql-db",
            "select 1",
            "#!db",
            "select 2",
            "#!sql",
            "select 3"));

        Assert.Equal([("sql-db", "select 1", 4), ("sql-db", "select 2\n#!sql\nselect 3", 6)], Cells(document));
    }

    [Fact]
    public void Parse_MetaItemWithAKnownName_IsIgnored()
    {
        // MergeKernelInfos adds only kernels whose name is new, so a known kernel's extra alias is not learnt.
        var document = DibParser.Parse(Lines(
            "#!meta",
            """{"kernelInfo":{"items":[{"name":"csharp","aliases":["C#"]}]}}""",
            "#!C#",
            "var a = 1;"));

        Assert.Equal([(DibParser.CSharp, "#!C#\nvar a = 1;", 3)], Cells(document));
    }

    [Theory]
    [InlineData("""{"kernelInfo":{"items":[{"name":"mykernel","aliases":["cs"]}]}}""", "cs")]
    [InlineData("""{"kernelInfo":{"items":[{"name":"one","aliases":["x"]},{"name":"two","aliases":["x"]}]}}""", "x")]
    [InlineData("""{"kernelInfo":{"items":[{"name":"md"}]}}""", "md")]
    public void Parse_DuplicateAliasInMeta_ThrowsDibFormatException(string meta, string alias)
    {
        var error = Assert.Throws<DibFormatException>(() => DibParser.Parse(Lines("#!meta", meta, "#!csharp", "var a = 1;")));

        Assert.Contains($"'{alias}'", error.Message);
    }

    [Theory]
    [InlineData("{\"kernelInfo\": ")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[1, 2]")]
    public void Parse_InvalidMetaJson_ThrowsDibFormatException(string json)
    {
        var error = Assert.Throws<DibFormatException>(() => DibParser.Parse(Lines("#!meta", "", json, "", "#!csharp", "var a = 1;")));

        Assert.Contains("#!meta", error.Message);
    }

    [Fact]
    public void Parse_MetaAsTheLastLine_ThrowsDibFormatException()
    {
        Assert.Throws<DibFormatException>(() => DibParser.Parse(Lines("#!csharp", "var a = 1;", "#!meta")));
    }

    [Fact]
    public void Parse_MetaJsonNull_OpensWithoutMetadata()
    {
        // System.Text.Json reads "null" as a null dictionary without throwing; .NET Interactive opens such a file.
        var document = DibParser.Parse(Lines("#!meta", "null", "#!csharp", "var a = 1;"));

        Assert.Null(document.Metadata);
        Assert.Equal([(DibParser.CSharp, "var a = 1;", 4)], Cells(document));
    }

    [Fact]
    public void Parse_MetaRunningToTheEndOfFile_AlsoKeepsTheLastLineAsABodyLine()
    {
        // The reference parser's quirk: its JSON loop stops on the last line after reading it, and the outer loop
        // then treats that same line as a body line (CodeSubmission.Parse, dotnet/interactive).
        var document = DibParser.Parse(Lines("#!meta", "", """{"theAnswer":42}"""));

        Assert.Equal(42, document.Metadata!["theAnswer"].GetInt32());
        Assert.Equal([(DibParser.CSharp, """{"theAnswer":42}""", 3)], Cells(document));
    }

    [Fact]
    public void Parse_MetaRunningToAnEmptyLastLine_LeavesOneEmptyCell()
    {
        var document = DibParser.Parse("#!meta\n\n" + Meta + "\n");

        Assert.Equal("csharp", document.DefaultKernelName);
        var cell = Assert.Single(document.Cells);
        Assert.Equal((DibParser.CSharp, ""), (cell.KernelName, cell.Source));
    }

    [Fact]
    public void Parse_MetadataValues_KeepTheirJson()
    {
        var document = DibParser.Parse(Lines("#!meta", """{"custom":{"list":[1,"two",null]}}""", "#!csharp", "1"));

        Assert.Equal("""{"list":[1,"two",null]}""", JsonSerializer.Serialize(document.Metadata!["custom"]));
        Assert.Null(document.DefaultKernelName);
    }
}
