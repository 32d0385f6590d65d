using Workbook.Tests.Infrastructure;

namespace Workbook.Tests.Execution;

/// <summary>Library values display as in .NET Interactive: tensors, Plotly charts, DataFrames (notebook-format.md §4.3).</summary>
[Collection("Sequential")]
public sealed class FormatterTests
{
    [Fact]
    public async Task TrailingValue_TorchSharpTensor_IsHtmlPre()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync($"#r \"nuget: {SessionHarness.TorchSharpBackend}, 0.107.0\"\nTorchSharp.torch.arange(6).reshape(2, 3)");

        Assert.False(run.Failed, run.Describe());
        string html = run.Displays().Last().Data["text/html"];
        Assert.StartsWith("<div><pre>", html);
        Assert.EndsWith("</pre></div>", html);
        Assert.Equal("<div><pre>[2x3], type = Int64, device = cpu\n 0 1 2\n 3 4 5\n</pre></div>", html);   // TensorStringStyle.Default
    }

    [Fact]
    public async Task TrailingValue_PlotlyChart_IsRequireJsChartHtml()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("""
            #r "nuget: Plotly.NET.Interactive, 6.0.0"
            #r "nuget: Plotly.NET.CSharp, 0.14.0"
            Plotly.NET.CSharp.Chart.Line<int, int, string>(new[] { 1, 2, 3 }, new[] { 4, 1, 9 })
            """);

        Assert.False(run.Failed, run.Describe());
        var chart = run.Displays().Last().Data;
        Assert.Equal(["text/html"], chart.Keys);
        Assert.Contains("fsharpPlotlyRequire", chart["text/html"]);
        Assert.Contains("<!-- Plotly chart will be drawn inside this DIV -->", chart["text/html"]);
        Assert.Contains("https://cdn.plot.ly/plotly-2.28.0.min", chart["text/html"]);
        Assert.Contains("\"y\":[4,1,9]", chart["text/html"]);
    }

    [Fact]
    public async Task TrailingValue_PlotlyChartWithoutTheInteractivePackage_IsNotAChart()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("""
            #r "nuget: Plotly.NET.CSharp, 0.14.0"
            Plotly.NET.CSharp.Chart.Line<int, int, string>(new[] { 1, 2 }, new[] { 3, 4 })
            """);

        Assert.False(run.Failed, run.Describe());
        Assert.DoesNotContain("fsharpPlotlyRequire", run.AllDisplayed());
    }

    [Fact]
    public async Task TrailingValue_DataFrame_IsAnHtmlTable()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("""
            #r "nuget: Microsoft.Data.Analysis, 0.23.1"
            using Microsoft.Data.Analysis;
            new DataFrame(
                new StringDataFrameColumn("name", new[] { "a<b", "c" }),
                new Int32DataFrameColumn("count", new[] { 1, 2 }))
            """);

        Assert.False(run.Failed, run.Describe());
        string html = run.Displays().Last().Data["text/html"];
        Assert.StartsWith("<table id=\"table_", html);
        Assert.Contains("<thead><tr><th><i>index</i></th><th>name</th><th>count</th></tr></thead>", html);
        Assert.Contains("<tr><td><i>0</i></td><td>a&lt;b</td><td>1</td></tr>", html);
        Assert.Contains("<tr><td><i>1</i></td><td>c</td><td>2</td></tr>", html);
        Assert.DoesNotContain("<caption>", html);
    }

    [Fact]
    public async Task TrailingValue_LongDataFrame_ShowsTheFirst25RowsAndACaption()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("""
            #r "nuget: Microsoft.Data.Analysis, 0.23.1"
            new Microsoft.Data.Analysis.DataFrame(new Microsoft.Data.Analysis.Int32DataFrameColumn("n", Enumerable.Range(0, 30)))
            """);

        Assert.False(run.Failed, run.Describe());
        string html = run.Displays().Last().Data["text/html"];
        Assert.Contains("<caption>DataFrame - 30 rows", html);
        Assert.Equal(25 + 1, html.Split("<tr>").Length - 1);   // header row + 25 rows
    }

    [Fact]
    public async Task Formatter_UserRegistration_IsUsed()
    {
        using var harness = new SessionHarness();

        var run = await harness.RunAsync("""
            using Microsoft.DotNet.Interactive.Formatting;
            record Point(int X, int Y);
            Formatter.Register<Point>(p => $"<i>({p.X}, {p.Y})</i>", "text/html");
            new Point(1, 2)
            """);

        Assert.False(run.Failed, run.Describe());
        Assert.Equal("<i>(1, 2)</i>", run.Displays().Single().Data["text/html"]);
    }
}
