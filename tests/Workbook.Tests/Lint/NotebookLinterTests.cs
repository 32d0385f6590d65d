using Workbook.Lint;
using Workbook.Tests.Infrastructure;

namespace Workbook.Tests.Lint;

/// <summary>Each rule of the portable subset (notebook-format.md §10) reports its file and line.</summary>
public sealed class NotebookLinterTests : IDisposable
{
    /// <summary>What VS Code writes first: #!meta, a blank line, the JSON, a blank line (lines 1-4).</summary>
    private const string Meta = "#!meta\n\n" + """{"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"languageName":"csharp","name":"csharp"}]}}""" + "\n\n";

    private readonly string _folder = TestPaths.NewTempDirectory("lint");
    private readonly NotebookLinter _linter = NotebookLinter.ForRepository(TestPaths.Repo);

    public void Dispose() => TestPaths.DeleteQuietly(_folder);

    private string Write(string relativePath, string text)
    {
        string path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Lints a notebook whose #!meta takes lines 1-4 and whose one C# cell starts at line 7.</summary>
    private List<LintProblem> LintCell(string code) => _linter.Lint(Write("nb.dib", Meta + "#!csharp\n\n" + code + "\n"));

    private static void AssertProblem(List<LintProblem> problems, int line, string message) =>
        Assert.True(problems.Any(p => p.Line == line && p.Message.Contains(message, StringComparison.Ordinal)),
            $"expected a problem at line {line} containing \"{message}\"; got:\n{string.Join("\n", problems)}");

    [Fact]
    public void Lint_CleanNotebook_HasNoProblems()
    {
        Write("data/values.csv", "a,b\n");
        Write("setup/helpers.dib", Meta + "#!csharp\n\nint Twice(int x) => 2 * x;\n\n#!csharp\n\n" + FSharpCoreResolver + "\n");
        var problems = _linter.Lint(Write("clean.dib", Meta + """
            #!markdown

            # A clean notebook

            #!csharp

            #!import setup/helpers.dib

            #!csharp

            #r "nuget: Plotly.NET, 6.0.0"
            #r "nuget: Plotly.NET.Interactive, 6.0.0"
            using System.IO;
            using Microsoft.DotNet.Interactive.Formatting;
            var lines = File.ReadAllLines("data/values.csv");
            using (var reader = new StringReader("x"))
            {
                reader.ReadToEnd().Display();
            }
            #!who
            Twice(lines.Length)

            """));

        Assert.Empty(problems);
    }

    /// <summary>The course header's answer to Plotly.NET 6 asking for a newer FSharp.Core than the kernels carry.</summary>
    private const string FSharpCoreResolver = """
        System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += (context, name) =>
            name.Name == "FSharp.Core" ? AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "FSharp.Core") : null;
        """;

    [Fact]
    public void Lint_PackageNeedingANewerFSharpCoreThanTheKernels_IsReportedWithTheFix()
    {
        var problems = LintCell("#r \"nuget: Plotly.NET, 6.0.0\"");

        var problem = Assert.Single(problems);
        Assert.Equal(7, problem.Line);
        Assert.Matches(@"^Plotly\.NET 6\.0\.0 cannot load in the notebook kernels: Plotly\.NET 6\.0\.0 was built against FSharp\.Core 10\.1\.0\.0, but dotnet-\S+ \S+ has FSharp\.Core 10\.0\.0\.0 loaded before any #r", problem.Message);
        Assert.Contains("Could not load file or assembly 'FSharp.Core, Version=10.1.0.0'", problem.Message);
        Assert.Contains("Fix: pin a version of Plotly.NET built against FSharp.Core 10.0.0.0 or older, or, in a cell before this #r, add an AssemblyLoadContext.Default.Resolving handler", problem.Message);
    }

    [Fact]
    public void Lint_ResolverInAnEarlierCell_HandlesTheNewerFSharpCore()
    {
        var problems = _linter.Lint(Write("nb.dib", Meta + "#!csharp\n\n" + FSharpCoreResolver + "\n\n#!csharp\n\n#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\n"));

        Assert.Empty(problems);
    }

    [Fact]
    public void Lint_ResolverInTheSameCell_IsTooLate()
    {
        // #r "nuget" lines are restored, and their packages loaded, before any code of their cell runs.
        var problems = LintCell("#r \"nuget: Plotly.NET.Interactive, 6.0.0\"\n" + FSharpCoreResolver);

        Assert.Contains(problems, p => p.Line == 7 && p.Message.Contains("was built against FSharp.Core 10.1.0.0", StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_PackagesWithoutConflicts_PassWithoutAResolver()
    {
        var problems = LintCell("#r \"nuget: TorchSharp-cpu, 0.107.0\"\n#r \"nuget: Microsoft.Data.Analysis, 0.23.1\"\n#r \"nuget: Microsoft.ML.Tokenizers, 2.0.1\"");

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("netstandard2.0", true)]
    [InlineData("netstandard2.1", true)]
    [InlineData("netcoreapp3.1", true)]
    [InlineData("net8.0", true)]
    [InlineData("net10.0", true)]
    [InlineData("net11.0", false)]
    [InlineData("net10.0-windows", false)]
    [InlineData("net48", false)]
    [InlineData("net462", false)]
    [InlineData("portable-net45+win8", false)]
    public void IsCompatible_LibFolderForANet10Kernel(string folder, bool compatible)
    {
        Assert.Equal(compatible, KernelCompatibility.IsCompatible(folder, "net10.0"));
    }

    [Fact]
    public void Lint_MissingMeta_IsReportedAtLine1()
    {
        var problems = _linter.Lint(Write("nb.dib", "#!csharp\n\nvar a = 1;\n"));

        var problem = Assert.Single(problems);
        Assert.Equal(("nb.dib", 1), (problem.File, problem.Line));
        Assert.Contains("the first line must be #!meta", problem.Message);
    }

    [Fact]
    public void Lint_MetaWithAnotherDefaultKernel_IsReported()
    {
        var problems = _linter.Lint(Write("nb.dib", "#!meta\n\n{\"kernelInfo\":{\"defaultKernelName\":\"fsharp\"}}\n\n#!csharp\n\n1\n"));

        AssertProblem(problems, 1, "defaultKernelName to \"csharp\"");
    }

    [Fact]
    public void Lint_InvalidMetaJson_IsReported()
    {
        var problems = _linter.Lint(Write("nb.dib", "#!meta\n\n{oops\n\n#!csharp\n\n1\n"));

        AssertProblem(problems, 1, ".NET Interactive cannot open this notebook:");
    }

    [Theory]
    [InlineData("#!fsharp", "a #!fsharp cell")]
    [InlineData("#!pwsh", "a #!pwsh cell")]
    [InlineData("#!javascript", "a #!javascript cell")]
    [InlineData("#!c#", "write #!csharp, not #!c#")]
    [InlineData("#!md", "write #!markdown, not #!md")]
    public void Lint_OtherCellKinds_AreReportedAtTheirSeparator(string separator, string message)
    {
        var problems = _linter.Lint(Write("nb.dib", Meta + $"#!csharp\n\nvar a = 1;\n\n{separator}\n\nsomething\n"));

        AssertProblem(problems, 9, message);
    }

    [Theory]
    [InlineData("#!time", "'#!time' is outside the course's portable subset")]
    [InlineData("#!lsmagic", "'#!lsmagic' is outside the course's portable subset")]
    [InlineData("#!set --name a --value 1", "'#!set' is outside the course's portable subset")]
    [InlineData("#!foo", "DNI101: Unknown magic command '#!foo'")]
    [InlineData("#r \"nuget: TorchSharp-cpu\"", "has no version")]
    [InlineData("#r \"nuget: TorchSharp-cpu, *\"", "uses a wildcard version")]
    [InlineData("#r \"nuget: TorchSharp-cpu, 0.106.0\"", "TorchSharp-cpu 0.106.0: the course pins 0.107.0 (Directory.Packages.props)")]
    [InlineData("#r \"nuget: Plotly.NET.Interactive, 5.0.0\"", "Plotly.NET.Interactive 5.0.0: the course pins 6.0.0")]
    [InlineData("#!lsmagic", "fails in dotnet-repl (DNI101 unknown magic command)")]
    [InlineData("#r \"nuget: Newtonsoft.Json, 13.0.3\"", "Newtonsoft.Json is not one of the course's packages")]
    [InlineData("#i \"nuget: https://example.org/v3/index.json\"", "adds a package source")]
    [InlineData("#i \"local/folder\"", "#i is a package-source directive")]
    [InlineData("  #r \"nuget: TorchSharp-cpu, 0.107.0\"", "a directive must start at column 0")]
    [InlineData("#r \"/mnt/someone/lib.dll\"", "'/mnt/someone/lib.dll' is an absolute path")]
    [InlineData("#load \"/opt/helpers.csx\"", "'/opt/helpers.csx' is an absolute path")]
    [InlineData("#!import /srv/setup/course.dib", "#!import /srv/setup/course.dib: use a path relative")]
    [InlineData("#!import notes.txt", "only .dib, .cs and .csx files")]
    [InlineData("#!import setup/missing.dib", "#!import setup/missing.dib: no such file")]
    [InlineData("using var stream = new MemoryStream();", "a top-level `using var` is not allowed")]
    [InlineData("var text = File.ReadAllText(\"/mnt/someone/data.txt\");", "\"/mnt/someone/data.txt\" is an absolute path")]
    [InlineData("var bad = torch.cuda.is_available();", "torch.cuda.is_available() throws when the CPU backend is loaded")]
    [InlineData("var broken = ;", "CS1525: Invalid expression term ';' (C# 14, as both tools compile it)")]
    public void Lint_CSharpCellRule_IsReportedAtItsLine(string line, string message)
    {
        var problems = LintCell($"var first = 1;\n{line}");

        AssertProblem(problems, 8, message);
        Assert.All(problems, p => Assert.Equal("nb.dib", p.File));
    }

    [Theory]
    [InlineData("using var stream = new MemoryStream();")]
    [InlineData("using MemoryStream stream = new();")]
    [InlineData("await using var resource = Open();")]
    public void Lint_TopLevelUsingDeclaration_IsReportedEvenAsTheFirstLine(string line)
    {
        var problems = LintCell($"{line}\nvar after = 1;");

        AssertProblem(problems, 7, "a top-level `using var` is not allowed");
    }

    [Fact]
    public void Lint_UsingDeclarationInsideABlockOrUsingStatement_IsFine()
    {
        var problems = LintCell("""
            using (var reader = new StringReader("x")) { }
            void Read()
            {
                using var reader = new StringReader("y");
            }
            class Holder { void M() { using var r = new StringReader("z"); } }
            """);

        Assert.Empty(problems);
    }

    [Fact]
    public void Lint_InteractiveNamespaceUsing_IsReportedButFormattingIsFine()
    {
        var problems = LintCell("using Microsoft.DotNet.Interactive;\nusing Microsoft.DotNet.Interactive.Formatting;\nvar a = 1;");

        var problem = Assert.Single(problems);
        Assert.Equal(7, problem.Line);
        Assert.Contains("using Microsoft.DotNet.Interactive: only Microsoft.DotNet.Interactive.Formatting is portable", problem.Message);
    }

    [Fact]
    public void Lint_BackendImportNotYetWritten_IsNotAProblem()
    {
        // setup/backend.dib is written by ./workbook setup on each machine and never committed.
        var problems = LintCell("#!import setup/backend.dib");

        Assert.Empty(problems);
    }

    [Fact]
    public void Lint_ImportedDib_IsLintedWithItsOwnPathAndLines()
    {
        Write("setup/part.dib", Meta + "#!csharp\n\n#!time\nvar a = 1;\n");

        var problems = LintCell("#!import setup/part.dib");

        var problem = Assert.Single(problems);
        Assert.Equal((Path.Combine("setup", "part.dib"), 7), (problem.File, problem.Line));
        Assert.Contains("'#!time'", problem.Message);
    }

    [Fact]
    public void LintProblem_ToString_IsFileLineError()
    {
        Assert.Equal("a/b.dib:12: error: something", new LintProblem("a/b.dib", 12, "something").ToString());
    }
}
