using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Workbook.Execution;
using Workbook.Tests.Infrastructure;

namespace Workbook.Tests.Execution;

/// <summary>
/// Every directive of the directive table (notebook-format.md §3) in a live session: the allowed ones work,
/// the rejected ones fail their cell with the expected message before any of the cell's code runs.
/// </summary>
[Collection("Sequential")]
public sealed class DirectiveTests
{
    [Fact]
    public async Task NugetReference_CataloguedPackage_IsUsableInTheSameCellAndLater()
    {
        using var harness = new SessionHarness();

        // The #r line is hoisted: code above it can already use the package.
        var first = await harness.RunAsync("""
            var tokenizerType = typeof(Microsoft.ML.Tokenizers.Tokenizer);
            #r "nuget: Microsoft.ML.Tokenizers, 2.0.1"
            tokenizerType.Name
            """);
        var second = await harness.RunAsync("typeof(Microsoft.ML.Tokenizers.TiktokenTokenizer).Namespace");

        Assert.False(first.Failed, first.Describe());
        var installed = first.Displays()[0].Data;
        Assert.Equal("Installed Packages: Microsoft.ML.Tokenizers, 2.0.1", installed["text/plain"]);
        Assert.Contains("<strong>Installed Packages</strong>", installed["text/html"]);
        Assert.Equal("Tokenizer", first.Displays()[1].Data["text/plain"]);
        Assert.False(second.Failed, second.Describe());
        Assert.Equal("Microsoft.ML.Tokenizers", second.Displays().Single().Data["text/plain"]);
    }

    [Fact]
    public async Task NugetReference_SamePackageAndVersionAgain_IsANoOp()
    {
        using var harness = new SessionHarness();

        await harness.RunAsync("#r \"nuget: Microsoft.ML.Tokenizers, 2.0.1\"");
        var again = await harness.RunAsync("#r \"nuget: microsoft.ml.tokenizers, 2.0.1\"\n1");

        Assert.False(again.Failed, again.Describe());
        Assert.DoesNotContain("Installed Packages", again.AllDisplayed());
    }

    [Fact]
    public async Task FileReference_RelativeDll_ResolvesAgainstTheWorkingDirectory()
    {
        using var harness = new SessionHarness();
        string assemblyName = "WorkbookTestsHelper" + Guid.NewGuid().ToString("N");
        EmitLibrary(Path.Combine(harness.Folder, "lib", assemblyName + ".dll"), assemblyName,
            "namespace Helpers { public static class Greeter { public static string Hello(string name) => \"Hello, \" + name; } }");

        var run = await harness.RunAsync($"#r \"lib/{assemblyName}.dll\"\nHelpers.Greeter.Hello(\"dll\")");

        Assert.False(run.Failed, run.Describe());
        Assert.Equal("Hello, dll", run.Displays().Single().Data["text/plain"]);
    }

    [Fact]
    public async Task Load_RelativeCsx_ResolvesAgainstTheWorkingDirectory()
    {
        using var harness = new SessionHarness();
        harness.WriteFile("scripts/util.csx", "int Twice(int x) => 2 * x;\nvar loadedFrom = \"util.csx\";");

        var run = await harness.RunAsync("#load \"scripts/util.csx\"\nTwice(21)");
        var later = await harness.RunAsync("loadedFrom");

        Assert.False(run.Failed, run.Describe());
        Assert.Contains(">42<", run.AllDisplayed());
        Assert.Equal("util.csx", later.Displays().Single().Data["text/plain"]);
    }

    [Fact]
    public async Task Import_Dib_RunsItsCellsAndShowsItsMarkdown()
    {
        using var harness = new SessionHarness();
        harness.WriteFile("parts/other.dib", """
            #!meta

            {"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"languageName":"csharp","name":"csharp"}]}}

            #!markdown

            ## Imported *notes*

            #!csharp

            var imported = 6;
            Console.WriteLine("imported cell ran");

            #!csharp

            #!import parts/inner.csx

            """);
        // Paths in an imported file are relative to the working directory too, not to the importing file.
        harness.WriteFile("parts/inner.csx", "var inner = 7;");

        var run = await harness.RunAsync("#!import parts/other.dib\nimported * inner");

        Assert.False(run.Failed, run.Describe());
        Assert.Equal("## Imported *notes*", run.Displays()[0].Data["text/markdown"]);
        Assert.Equal("imported cell ran\n", run.Stream("stdout"));
        Assert.Contains(">42<", run.AllDisplayed());
    }

    [Fact]
    public async Task Import_Csx_RunsItAsOneSubmission()
    {
        using var harness = new SessionHarness();
        harness.WriteFile("helpers.csx", "using System.IO;\nstring Shout(string s) => s.ToUpperInvariant() + \"!\";\nvar fromCsx = Path.GetFileName(\"a/b.txt\");");

        var run = await harness.RunAsync("#!import --file \"helpers.csx\"");
        var later = await harness.RunAsync("Shout(fromCsx)");

        Assert.False(run.Failed, run.Describe());
        Assert.False(later.Failed, later.Describe());
        Assert.Equal("B.TXT!", later.Displays().Single().Data["text/plain"]);
    }

    [Fact]
    public async Task Import_MissingFile_FailsWithThePathItResolved()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("var before = 1;\n#!import nowhere/missing.dib", firstLine: 20);

        Assert.True(run.Failed);
        Assert.StartsWith("File not found: nowhere/missing.dib", run.FailureSummary);
        Assert.Equal(21, run.FailureLine);
    }

    [Fact]
    public async Task Import_ItselfRecursively_FailsInsteadOfLooping()
    {
        using var harness = new SessionHarness();
        harness.WriteFile("loop.dib", "#!csharp\n\n#!import loop.dib\n");

        var run = await harness.RunAsync("#!import loop.dib");

        Assert.True(run.Failed);
        Assert.Contains("imports itself", run.FailureSummary);
    }

    [Fact]
    public async Task Who_And_Whos_ListTheVariables()
    {
        using var harness = new SessionHarness();
        await harness.RunAsync("var alpha = 1;\nvar beta = \"two\";\nalpha = 3;");

        var who = await harness.RunAsync("#!who");
        var whos = await harness.RunAsync("#!whos");

        Assert.False(who.Failed, who.Describe());
        Assert.Equal("alpha\tbeta", who.Displays().Single().Data["text/plain"]);
        var details = whos.Displays().Single().Data;
        Assert.Equal("alpha\tInt32\t3\nbeta\tString\ttwo", details["text/plain"]);
        Assert.Contains("<td>beta</td><td>String</td><td>two</td>", details["text/html"]);
    }

    [Fact]
    public async Task About_ShowsTheRunner()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("#!about");

        Assert.False(run.Failed, run.Describe());
        string about = run.Displays().Single().Data["text/plain"];
        Assert.Contains("workbook", about);
        Assert.Contains("C# 13", about);
    }

    [Theory]
    [InlineData("#!time", "'#!time' is outside the course's portable subset")]
    [InlineData("#!lsmagic", "'#!lsmagic' is outside the course's portable subset")]
    [InlineData("#!set --name x --value 1", "'#!set' is outside the course's portable subset")]
    [InlineData("#!foo", "DNI101: Unknown magic command '#!foo'")]
    [InlineData("#i \"nuget: /some/folder\"", "adds a package source")]
    [InlineData("#r \"nuget: Microsoft.ML.Tokenizers\"", "has no version")]
    [InlineData("#r \"nuget: Microsoft.ML.Tokenizers, *\"", "uses a wildcard version")]
    [InlineData("#r \"nuget: Microsoft.ML.Tokenizers, 2.0.*\"", "uses a wildcard version")]
    public async Task RejectedDirective_FailsTheCellBeforeAnyOfItsCodeRuns(string directive, string message)
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync($"var ranMarker = 1;\nConsole.WriteLine(\"ran\");\n{directive}\nConsole.WriteLine(\"ran too\");", firstLine: 30);
        var later = await harness.RunAsync("ranMarker");

        Assert.True(run.Failed);
        Assert.Contains(message, run.FailureSummary);
        Assert.Equal(32, run.FailureLine);
        Assert.Contains(run.Errors(), e => e.Value.Contains(message, StringComparison.Ordinal));
        Assert.Empty(run.Stream("stdout"));
        Assert.True(later.Failed, "ranMarker must not exist: none of the failed cell's code may run");
        Assert.Contains("CS0103", later.FailureSummary);
    }

    [Fact]
    public async Task RejectedDirective_UnknownMagicMessage_IsDotNetInteractivesExactText()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("#!foo");

        Assert.Equal("DNI101: Unknown magic command '#!foo'", run.FailureSummary);
    }

    [Fact]
    public async Task IndentedNugetReference_IsCSharpAndFailsToCompile()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("  #r \"nuget: Plotly.NET, 6.0.0\"\nvar a = 1;", firstLine: 5);

        Assert.True(run.Failed);
        Assert.Contains("CS0006: Metadata file 'nuget: Plotly.NET, 6.0.0' could not be found", run.FailureSummary);
        Assert.Equal(5, run.FailureLine);
        Assert.DoesNotContain("Installed Packages", run.AllDisplayed());
    }

    [Fact]
    public async Task NugetReference_UnknownPackage_FailsCleanlyWithNU1101()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("Console.WriteLine(\"ran\");\n#r \"nuget: Unknown.Package, 1.0.0\"");
        var next = await harness.RunAsync("1 + 1");

        Assert.True(run.Failed);
        Assert.StartsWith("error NU1101: Unable to find package Unknown.Package.", run.FailureSummary);
        Assert.Empty(run.Stream("stdout"));
        Assert.False(next.Failed, next.Describe());   // the session is still usable
    }

    [Fact]
    public async Task NugetReference_WrongVersion_FailsWithNU1102()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("#r \"nuget: Microsoft.ML.Tokenizers, 1.0.0\"");

        Assert.True(run.Failed);
        Assert.StartsWith("error NU1102: Unable to find package Microsoft.ML.Tokenizers with version (= 1.0.0).", run.FailureSummary);
        Assert.Contains("Nearest version: 2.0.1", run.FailureSummary);
    }

    [Fact]
    public async Task NugetReference_SamePackageWithAnotherVersionLater_Fails()
    {
        using var harness = new SessionHarness();

        var first = await harness.RunAsync("#r \"nuget: Microsoft.ML.Tokenizers, 2.0.1\"");
        var second = await harness.RunAsync("#r \"nuget: Microsoft.ML.Tokenizers, 2.0.0\"");

        Assert.False(first.Failed, first.Describe());
        Assert.True(second.Failed);
        Assert.Equal("Microsoft.ML.Tokenizers version 2.0.0 cannot be added because version 2.0.1 was added previously.", second.FailureSummary);
    }

    [Fact]
    public async Task NugetReference_OtherTorchSharpBackend_IsMappedWithANote()
    {
        using var harness = new SessionHarness();
        string served = SessionHarness.TorchSharpBackend;   // TorchSharp-cpu on a machine without an NVIDIA GPU
        string requested = served.Equals("TorchSharp-cpu", StringComparison.OrdinalIgnoreCase) ? "TorchSharp-cuda-linux" : "TorchSharp-cpu";

        var run = await harness.RunAsync($"#r \"nuget: {requested}, 0.107.0\"\ntypeof(TorchSharp.torch).Assembly.GetName().Name");

        Assert.False(run.Failed, run.Describe());
        var installed = run.Displays()[0].Data;
        Assert.Equal($"Installed Packages: {requested}, 0.107.0", installed["text/plain"]);
        Assert.Contains($"{requested} is served by {served} on this machine", installed["text/html"]);
        Assert.Equal("TorchSharp", run.Displays()[1].Data["text/plain"]);
    }

    /// <summary>Compiles a tiny class library to <paramref name="path"/>.</summary>
    private static void EmitLibrary(string path, string assemblyName, string source)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(assemblyName, [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var result = compilation.Emit(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
    }
}
