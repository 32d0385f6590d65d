using Workbook.Execution;

namespace Workbook.Tests.Execution;

/// <summary>How a C# cell is split into directives and code (SubmissionParser's rules, notebook-format.md §2.1).</summary>
public sealed class CellSyntaxTests
{
    [Theory]
    [InlineData("#r \"nuget: A, 1.0.0\"", true)]
    [InlineData("#r \"lib.dll\"", true)]
    [InlineData("#i \"nuget: https://example.org\"", true)]
    [InlineData("#!time", true)]
    [InlineData("#!import x.dib", true)]
    [InlineData("#region setup", false)]
    [InlineData("#if DEBUG", false)]
    [InlineData("#load \"a.csx\"", false)]
    [InlineData("#nullable enable", false)]
    [InlineData("  #r \"nuget: A, 1.0.0\"", false)]
    [InlineData("// #r \"nuget: A, 1.0.0\"", false)]
    public void IsDirectiveLine_ColumnZeroDirectivesOnly(string line, bool expected)
    {
        Assert.Equal(expected, CellSyntax.IsDirectiveLine(line));
    }

    [Fact]
    public void Parse_NugetLines_AreHoistedAndBlankedInTheCode()
    {
        var syntax = CellSyntax.Parse("var a = Foo.Bar();\n#r \"nuget: Foo, 1.2.3\"\n#r \"lib/x.dll\"\na");

        Assert.Empty(syntax.Errors);
        Assert.Equal([new PackageReference("Foo", "1.2.3")], syntax.Packages);
        var code = Assert.IsType<CodeStep>(Assert.Single(syntax.Steps));
        Assert.Equal("var a = Foo.Bar();\n\n#r \"lib/x.dll\"\na", code.Code);   // line numbers preserved, #r file kept for Roslyn
        Assert.Equal(0, code.LineIndex);
    }

    [Fact]
    public void Parse_SupportedMagics_SplitTheCodeInOrder()
    {
        var syntax = CellSyntax.Parse("var a = 1;\n#!who\nvar b = 2;\n#!import --file \"x.dib\"\n#!whos");

        Assert.Empty(syntax.Errors);
        Assert.Equal(5, syntax.Steps.Count);
        Assert.Equal(new CodeStep("var a = 1;", 0), syntax.Steps[0]);
        Assert.Equal(new MagicStep("who", "", 1), syntax.Steps[1]);
        Assert.Equal(new CodeStep("var b = 2;", 2), syntax.Steps[2]);
        Assert.Equal(new MagicStep("import", "--file \"x.dib\"", 3), syntax.Steps[3]);
        Assert.Equal(new MagicStep("whos", "", 4), syntax.Steps[4]);
    }

    [Theory]
    [InlineData("#!time", "'#!time' is outside the course's portable subset")]
    [InlineData("#!lsmagic", "'#!lsmagic' is outside the course's portable subset")]
    [InlineData("#!set --name x --value 1", "'#!set' is outside the course's portable subset")]
    [InlineData("#!share --from csharp x", "'#!share' is outside the course's portable subset")]
    [InlineData("#!foo", "DNI101: Unknown magic command '#!foo'")]
    [InlineData("#!import @input:file", "@input/@password tokens")]
    [InlineData("#i \"nuget: https://example.org/feed\"", "adds a package source")]
    [InlineData("#r \"nuget: Foo\"", "#r \"nuget: Foo\" has no version")]
    [InlineData("#r \"nuget: Foo, *-*\"", "uses a wildcard version")]
    [InlineData("#r \"nuget: Foo, 1.*\"", "uses a wildcard version")]
    [InlineData("#r \"nuget: , 1.0\"", "Invalid package reference")]
    public void Parse_RejectedDirective_IsAnErrorAtItsLine(string directive, string message)
    {
        var syntax = CellSyntax.Parse($"var a = 1;\n{directive}");

        var error = Assert.Single(syntax.Errors);
        Assert.Contains(message, error.Message);
        Assert.Equal(1, error.LineIndex);
    }
}
