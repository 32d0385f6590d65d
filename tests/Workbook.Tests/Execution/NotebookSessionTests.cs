using System.Text.RegularExpressions;
using Workbook.Documents;
using Workbook.Execution;
using Workbook.Tests.Infrastructure;

namespace Workbook.Tests.Execution;

/// <summary>How C# cells run: the semantics of .NET Interactive's C# kernel that dotnet-repl shares (notebook-format.md §2, §4, §5).</summary>
[Collection("Sequential")]
public sealed class NotebookSessionTests
{
    [Fact]
    public async Task RunCell_State_CarriesAcrossCells()
    {
        using var harness = new SessionHarness();

        await harness.RunAsync("var counter = 40;\nint AddOne(int x) => x + 1;\nclass Box { public int Value; }");
        await harness.RunAsync("counter = AddOne(counter);");
        var run = await harness.RunAsync("new Box { Value = AddOne(counter) }.Value");

        Assert.False(run.Failed, run.Describe());
        Assert.Contains(">42<", run.AllDisplayed());
    }

    [Fact]
    public async Task RunCell_TopLevelAwait_Works()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("await Task.Delay(1);\nawait Task.FromResult(\"awaited\")");

        Assert.False(run.Failed, run.Describe());
        Assert.Equal("awaited", run.Displays().Single().Data["text/plain"]);
    }

    [Fact]
    public async Task RunCell_CSharp14Construct_FailsWithALanguageVersionError()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("var name = nameof(List<>);");
        var csharp13 = await harness.RunAsync("int[] xs = [1, 2, 3];\nvar lockObject = new System.Threading.Lock();\nxs[^1]");   // C# 12/13 features still work

        Assert.True(run.Failed);
        Assert.Contains("is not available in C# 13.0. Please use language version 14.0 or greater", run.FailureSummary);
        Assert.False(csharp13.Failed, csharp13.Describe());
    }

    [Fact]
    public async Task RunCell_DefaultImports_AreExactlyTheSix()
    {
        using var harness = new SessionHarness();

        var imported = await harness.RunAsync("""
            var text = new StringBuilder("a").Append(new List<int> { 1 }.Count).ToString();   // System.Text, System.Collections.Generic
            var table = new Hashtable();                                                     // System.Collections
            await Task.Yield();                                                              // System.Threading.Tasks
            new[] { 3, 1 }.OrderBy(x => x).First() + text.Length + Math.Abs(-1)              // System.Linq, System
            """);
        var io = await harness.RunAsync("File.Exists(\"x\")");
        var http = await harness.RunAsync("new HttpClient()");
        var withUsing = await harness.RunAsync("using System.IO;\nFile.Exists(\"x\")");

        Assert.False(imported.Failed, imported.Describe());
        Assert.True(io.Failed);
        Assert.Equal("CS0103: The name 'File' does not exist in the current context", io.FailureSummary);
        Assert.True(http.Failed);
        Assert.Contains("CS0246", http.FailureSummary);
        Assert.False(withUsing.Failed, withUsing.Describe());
    }

    [Fact]
    public async Task RunCell_TrailingExpression_IsDisplayedAndAStatementIsNot()
    {
        using var harness = new SessionHarness();

        var value = await harness.RunAsync("var s = \"shown\";\ns");
        var statement = await harness.RunAsync("var t = s;");
        var voidCall = await harness.RunAsync("Console.Write(\"\")");
        var nullValue = await harness.RunAsync("(string?)null");

        Assert.Equal("shown", value.Displays().Single().Data["text/plain"]);
        Assert.Empty(statement.Outputs);
        Assert.False(voidCall.Failed, voidCall.Describe());
        Assert.Empty(voidCall.Displays());
        Assert.StartsWith("<div class=\"dni-plaintext\"><pre>&lt;null&gt;</pre></div>", nullValue.Displays().Single().Data["text/html"]);
    }

    [Fact]
    public async Task RunCell_DisplayAndDisplayExtension_AddOutputsInOrder()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("""
            display("first");
            "second".Display();
            "# third".DisplayAs("text/markdown");
            display("<b>fourth</b>", "text/html");
            """);

        Assert.False(run.Failed, run.Describe());
        var displays = run.Displays();
        Assert.Equal(4, displays.Count);
        Assert.Equal("first", displays[0].Data["text/plain"]);
        Assert.Equal("second", displays[1].Data["text/plain"]);
        Assert.Equal("# third", displays[2].Data["text/markdown"]);
        Assert.Equal(["text/html"], displays[3].Data.Keys);
    }

    [Fact]
    public async Task RunCell_TrailingDisplayCall_IsShownOnce()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("\"once\".Display()");

        Assert.Equal("once", run.Displays().Single().Data["text/plain"]);
    }

    [Fact]
    public async Task RunCell_DisplayedValueUpdate_ReplacesTheOutputInPlace()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("""
            var progress = display("step 0");
            Console.WriteLine("between");
            for (int i = 1; i <= 3; i++)
                progress.Update($"step {i}");
            """);

        Assert.False(run.Failed, run.Describe());
        Assert.Equal(2, run.Outputs.Count);
        var display = Assert.IsType<DisplayOutput>(run.Outputs[0]);
        Assert.Equal("step 3", display.Data["text/plain"]);
        Assert.Equal(new StreamOutput("stdout", "between\n"), run.Outputs[1]);
    }

    [Fact]
    public async Task RunCell_ConsoleOutAndError_AreCapturedAsStreams()
    {
        using var harness = new SessionHarness();
        var before = Console.Out;

        var run = await harness.RunAsync("""
            Console.WriteLine("out 1");
            Console.Write("out 2\n");
            Console.Error.WriteLine("err 1");
            Console.WriteLine("out 3");
            """);

        Assert.Equal(
            [new StreamOutput("stdout", "out 1\nout 2\n"), new StreamOutput("stderr", "err 1\n"), new StreamOutput("stdout", "out 3\n")],
            run.Outputs);
        Assert.Same(before, Console.Out);   // restored after the cell
    }

    [Fact]
    public async Task RunCell_CompileError_ReportsLineColumnAndCode()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("var ok = 1;\nvar bad = ok +;\nundefinedName++;", firstLine: 50);

        Assert.True(run.Failed);
        var error = Assert.Single(run.Errors());
        string[] lines = error.Value.Split('\n');
        Assert.All(lines, l => Assert.Matches(new Regex(@"^\(\d+,\d+\): error CS\d{4}: .+"), l));
        Assert.StartsWith("(2,15): error CS1525: Invalid expression term ';'", lines[0]);
        Assert.Equal(51, run.FailureLine);
        Assert.Null(run.FailureFile);
        Assert.StartsWith("CS1525: ", run.FailureSummary);
    }

    [Fact]
    public async Task RunCell_CompileError_KeepsTheStateUnchanged()
    {
        using var harness = new SessionHarness();

        await harness.RunAsync("var kept = 1;");
        var failed = await harness.RunAsync("kept = 2;\nvar broken = ;");
        var after = await harness.RunAsync("kept");

        Assert.True(failed.Failed);
        Assert.Contains(">1<", after.AllDisplayed());
    }

    [Fact]
    public async Task RunCell_Warning_DoesNotFailTheCell()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("#nullable enable\nstring s = null;\n#pragma warning disable CS0219\nint unused = 0;\n1");

        Assert.False(run.Failed, run.Describe());
    }

    [Fact]
    public async Task RunCell_RuntimeException_FailsAtTheNotebookLineAndKeepsEarlierAssignments()
    {
        using var harness = new SessionHarness();

        var failed = await harness.RunAsync("""
            var assignedBefore = 5;
            Console.WriteLine("before the throw");
            throw new InvalidOperationException("deliberate");
            assignedBefore = 6;
            """, firstLine: 12);
        var later = await harness.RunAsync("assignedBefore * 2", firstLine: 20);

        Assert.True(failed.Failed);
        Assert.Equal("System.InvalidOperationException: deliberate", failed.FailureSummary);
        Assert.Equal(14, failed.FailureLine);
        Assert.Equal("before the throw\n", failed.Stream("stdout"));
        var error = Assert.Single(failed.Errors());
        Assert.StartsWith("System.InvalidOperationException: deliberate", error.Value);
        Assert.Contains("test.dib:line 14", error.Value);   // the stack trace names the notebook line
        Assert.False(later.Failed, later.Describe());
        Assert.Contains(">10<", later.AllDisplayed());
    }

    [Fact]
    public async Task RunCell_ExceptionInAMethodOfAnEarlierCell_PointsAtThatLine()
    {
        using var harness = new SessionHarness();

        await harness.RunAsync("int Divide(int a, int b)\n{\n    return a / b;\n}", firstLine: 3);
        var run = await harness.RunAsync("var q = Divide(1, 0);", firstLine: 10);

        Assert.True(run.Failed);
        Assert.Equal("System.DivideByZeroException: Attempted to divide by zero.", run.FailureSummary);
        Assert.Equal(5, run.FailureLine);
    }

    [Fact]
    public async Task RunCell_ExceptionInImportedFile_NamesTheFileAndLine()
    {
        using var harness = new SessionHarness();
        harness.WriteFile("setup/fails.dib", "#!csharp\n\nvar x = 1;\nthrow new Exception(\"from import\");\n");

        var run = await harness.RunAsync("#!import setup/fails.dib");

        Assert.True(run.Failed);
        Assert.Equal("setup/fails.dib:4", run.FailureLocation);
    }

    [Fact]
    public async Task RunCell_MarkdownCell_RunsNothing()
    {
        using var harness = new SessionHarness();

        var run = await harness.Session.RunCellAsync(new DibCell(DibParser.Markdown, "Console.WriteLine(\"no\");", 1), 1);

        Assert.False(run.Failed);
        Assert.Empty(run.Outputs);
    }

    [Theory]
    [InlineData("fsharp")]
    [InlineData("pwsh")]
    [InlineData("javascript")]
    public async Task RunCell_OtherKernel_FailsWithAClearMessage(string kernel)
    {
        using var harness = new SessionHarness();

        var run = await harness.Session.RunCellAsync(new DibCell(kernel, "let x = 1", 7), 1);

        Assert.True(run.Failed);
        Assert.Contains($"This cell's kernel is '{kernel}'", run.FailureSummary);
        Assert.Equal(7, run.FailureLine);
    }
}
