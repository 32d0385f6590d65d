using Workbook.Export;
using Workbook.Tests.Infrastructure;

namespace Workbook.Tests.Export;

/// <summary>A notebook becomes a file-based app: what moves where, and lint's check that the app is current.</summary>
public sealed class AppExporterTests : IDisposable
{
    private const string Meta = "#!meta\n\n" + """{"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"languageName":"csharp","name":"csharp"}]}}""" + "\n\n";

    private const string Setup = Meta + """
        #!csharp

        #!import setup/backend.dib

        #!csharp

        if (AppContext.GetData("course.fsharpcore-resolver") is null)
            System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += (c, n) => n.Name == "FSharp.Core" ? null : null;

        #!csharp

        Microsoft.DotNet.Interactive.KernelInvocationContext.Current.HandlingKernel.AddMiddleware(async (c, x, next) => await next(c, x));

        #!csharp

        #r "nuget: Plotly.NET, 6.0.0"
        #r "nuget: Plotly.NET.Interactive, 6.0.0"
        #r "../artifacts/bin/LlmCourse/release/LlmCourse.dll"

        #!csharp

        LlmCourse.Setup.Course.Describe()
        """;

    private readonly string _folder = TestPaths.NewTempDirectory("export");

    public void Dispose() => TestPaths.DeleteQuietly(_folder);

    private static string Export(string cells) =>
        AppExporter.Export("nb", Meta + cells, import => import == "setup/course.dib" ? Setup : Meta + "#!csharp\n\n#r \"nuget: TorchSharp-cpu, 0.107.0\"\n");

    /// <summary>The program part of an app, from LessonApp.Start on, without the banner.</summary>
    private static string Body(string app) => app[app.IndexOf("LessonApp.Start", StringComparison.Ordinal)..];

    [Fact]
    public void Export_TrailingExpression_BecomesADisplayCall()
    {
        string app = Export("#!csharp\n\nint x = 2;\nx * 21\n");
        Assert.Contains("int x = 2;\ndisplay(x * 21);\n", app, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_StatementWithSemicolon_IsNotDisplayed()
    {
        string app = Export("#!csharp\n\nint x = 2;\nx.ToString();\n");
        Assert.Contains("x.ToString();", app, StringComparison.Ordinal);
        Assert.DoesNotContain("display(x.ToString())", app, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_TrailingDisplayCall_IsNotDisplayedTwice()
    {
        string app = Export("#!csharp\n\nnew[] { 1, 2 }.DisplayTable()\n");
        Assert.Contains("new[] { 1, 2 }.DisplayTable();", app, StringComparison.Ordinal);
        Assert.DoesNotContain("display(new[]", app, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_TypeDeclarations_MoveAfterTheStatements()
    {
        string app = Export("#!csharp\n\nrecord Point(int X, int Y);\nvar p = new Point(1, 2);\n\n#!csharp\n\ndisplay(p);\n");
        int record = app.IndexOf("record Point(int X, int Y);", StringComparison.Ordinal);
        Assert.True(record > app.IndexOf("display(p);", StringComparison.Ordinal), app);
        Assert.True(record > app.IndexOf("var p = new Point(1, 2);", StringComparison.Ordinal), app);
    }

    [Fact]
    public void Export_UsingDirectives_MoveToTheTopOnce()
    {
        string app = Export("#!csharp\n\nusing System.IO;\nint a = 1;\n\n#!csharp\n\nusing System.IO;\nusing F = System.Math;\nint b = 2;\n");
        int start = app.IndexOf("LessonApp.Start", StringComparison.Ordinal);
        Assert.Equal(1, CountOf(app, "using System.IO;"));
        Assert.True(app.IndexOf("using System.IO;", StringComparison.Ordinal) < start);
        Assert.True(app.IndexOf("using F = System.Math;", StringComparison.Ordinal) < start);
    }

    [Fact]
    public void Export_Markdown_BecomesComments()
    {
        string app = Export("#!markdown\n\n# Title\n\nSome *prose*.\n\n#!csharp\n\n1\n");
        Assert.Contains("// # Title\n//\n// Some *prose*.\n", app, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_CourseImport_BecomesPackageAndProjectLines_AndKernelOnlyCellsAreLeftOut()
    {
        string app = Export("#!csharp\n\n#!import setup/course.dib\n");
        string head = app[..app.IndexOf("using static LlmCourse.Apps.ConsoleDisplay;", StringComparison.Ordinal)];
        Assert.Contains("#:package TorchSharp-cpu\n", head, StringComparison.Ordinal);
        Assert.Contains("#:package Plotly.NET\n", head, StringComparison.Ordinal);
        Assert.DoesNotContain("#:package Plotly.NET.Interactive", head, StringComparison.Ordinal);
        Assert.Contains("#:project ../../lib/LlmCourse/LlmCourse.csproj\n", head, StringComparison.Ordinal);
        Assert.Contains("#:project ../../lib/LlmCourse.Apps/LlmCourse.Apps.csproj\n", head, StringComparison.Ordinal);
        string body = Body(app);
        Assert.DoesNotContain("AddMiddleware", body, StringComparison.Ordinal);
        Assert.DoesNotContain("AssemblyLoadContext", body, StringComparison.Ordinal);
        Assert.Contains("display(LlmCourse.Setup.Course.Describe());", body, StringComparison.Ordinal);
        Assert.Contains("left out: it hooks into the notebook kernel", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_CellNuGetReference_BecomesAPackageLine()
    {
        string app = Export("#!csharp\n\n#r \"nuget: Microsoft.ML.Tokenizers, 2.0.1\"\nint x = 1;\n");
        Assert.Contains("#:package Microsoft.ML.Tokenizers\n", app, StringComparison.Ordinal);
        Assert.DoesNotContain("#r ", Body(app).Replace("// #r", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Export_UnknownMagicCommand_FailsWithWhereItIs()
    {
        var e = Assert.Throws<ExportException>(() => Export("#!csharp\n\n#!time\nint x = 1;\n"));
        Assert.Contains("nb.dib:7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_ALaterCellsRedeclaration_GetsAFreshNameUsedByTheCellsAfterIt()
    {
        string app = Body(Export("#!csharp\n\nvar loss = 1.0;\ndisplay(loss);\n\n#!csharp\n\nvar loss = 2.0;\nvar rows = new { loss };\n\n#!csharp\n\ndisplay(loss + rows.loss);\n"));
        Assert.Contains("var loss = 1.0;\ndisplay(loss);", app, StringComparison.Ordinal);
        Assert.Contains("var loss_2 = 2.0;\nvar rows = new { loss = loss_2 };", app, StringComparison.Ordinal);
        Assert.Contains("display(loss_2 + rows.loss);", app, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_ANestedLocalWithATopLevelName_IsRenamedWithinItsScope()
    {
        // In the kernel the first cell's sgd is a field, which the using's local may shadow; in one program it may not (CS0136).
        string app = Body(Export("#!csharp\n\nusing (var sgd = new System.IO.MemoryStream())\n{\n    sgd.WriteByte(1);\n}\n\n#!csharp\n\nvar sgd = 3;\nsgd\n"));
        Assert.Contains("using (var sgd_local = new System.IO.MemoryStream())\n{\n    sgd_local.WriteByte(1);\n}", app, StringComparison.Ordinal);
        Assert.Contains("var sgd = 3;\ndisplay(sgd);", app, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_SameNotebook_GivesTheSameBytes()
    {
        const string cells = "#!csharp\n\n#!import setup/course.dib\n\n#!markdown\n\nText.\n\n#!csharp\n\nclass A { }\nvar a = new A();\na\n";
        Assert.Equal(Export(cells), Export(cells));
    }

    [Fact]
    public void Export_Banner_NamesTheNotebookAndTheCommand()
    {
        string app = Export("#!csharp\n\n1\n");
        string first = app[..app.IndexOf('\n')];
        Assert.Contains("Generated by `./workbook export` from notebooks/nb.dib", first, StringComparison.Ordinal);
        Assert.Contains("do not edit", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Freshness_MissingStaleAndCurrentApps_AreReportedWithTheFix()
    {
        string notebook = Path.Combine(_folder, "nb.dib");
        File.WriteAllText(notebook, Meta + "#!csharp\n\nint x = 1;\nx\n");
        var missing = AppFreshness.Check(notebook);
        Assert.Contains(missing, p => p.File == Path.Combine("apps", "nb.cs") && p.Message.Contains("run ./workbook export", StringComparison.Ordinal));

        string app = AppExporter.AppPath(notebook);
        Directory.CreateDirectory(Path.GetDirectoryName(app)!);
        File.WriteAllText(app, AppExporter.Export(notebook));
        Assert.Empty(AppFreshness.Check(notebook));

        File.WriteAllText(notebook, Meta + "#!csharp\n\nint x = 2;\nx\n");
        var stale = Assert.Single(AppFreshness.Check(notebook));
        Assert.Equal(Path.Combine("apps", "nb.cs"), stale.File);
        Assert.Contains("out of date with nb.dib", stale.Message, StringComparison.Ordinal);
        Assert.Contains("run ./workbook export", stale.Message, StringComparison.Ordinal);
        Assert.Contains("int x = 1;", File.ReadAllLines(app)[stale.Line - 1], StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
