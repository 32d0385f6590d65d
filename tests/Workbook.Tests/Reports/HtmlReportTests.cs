using System.Text.RegularExpressions;
using Workbook.Documents;
using Workbook.Execution;
using Workbook.Reports;
using Workbook.Tests.Infrastructure;

namespace Workbook.Tests.Reports;

/// <summary>The HTML report: self-contained, markdown rendered, failures marked, Plotly charts drawn offline.</summary>
public sealed class HtmlReportTests
{
    private static ReportModel Model(IReadOnlyList<CellRun> cells, string? plotlyJs) =>
        new("report-test", "notebooks/report-test.dib", "smoke", DateTimeOffset.Now, TimeSpan.FromSeconds(1.5), cells, plotlyJs);

    private static CellRun Code(int number, string source, params CellOutput[] outputs)
    {
        var run = new CellRun(number, new DibCell(DibParser.CSharp, source, number * 10));
        run.Outputs.AddRange(outputs);
        return run;
    }

    [Fact]
    public void Render_Cells_ShowsMarkdownCodeOutputsAndFailures()
    {
        var markdown = new CellRun(1, new DibCell(DibParser.Markdown, "# Heading\n\nSome *text*.", 5));
        var ok = Code(2, "var x = \"<tag>\";", new StreamOutput("stdout", "printed <b>\n"),
            new DisplayOutput(new Dictionary<string, string> { ["text/plain"] = "plain only & escaped" }));
        var failed = Code(3, "throw null;", new ErrorOutput("Error", "System.NullReferenceException: <oops>", []));
        failed.Failed = true;

        string html = HtmlReport.Render(Model([markdown, ok, failed], plotlyJs: null));

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<h1 id=\"heading\">Heading</h1>", html);
        Assert.Contains("<em>text</em>", html);
        Assert.Contains("var x = &quot;&lt;tag&gt;&quot;;", html);
        Assert.Contains("<pre class=\"stream stdout\">printed &lt;b&gt;\n</pre>", html);
        Assert.Contains("<pre>plain only &amp; escaped</pre>", html);
        Assert.Contains("<section class=\"cell failed\" id=\"cell-3\">", html);
        Assert.Contains("<pre class=\"error\">System.NullReferenceException: &lt;oops&gt;</pre>", html);
        Assert.Contains("1 passed, 1 failed", html);
        Assert.DoesNotContain("<script", html);   // no chart, no scripts
    }

    [Fact]
    public void Render_ChartWithoutPlotlyJs_SaysChartsAreNotDrawn()
    {
        var chart = Code(1, "chart", new DisplayOutput(new Dictionary<string, string> { ["text/html"] = "<div>fsharpPlotlyRequire</div>" }));

        string html = HtmlReport.Render(Model([chart], plotlyJs: null));

        Assert.Contains("plotly.js was not found in the package catalogue", html);
    }
}

/// <summary>A real chart from a live session, rendered into a report and drawn by headless Chromium.</summary>
[Collection("Sequential")]
public sealed class HtmlReportChartTests
{
    private static readonly Regex RemoteScript = new(@"<script[^>]*\ssrc\s*=\s*[""']?(?:https?:)?//", RegexOptions.IgnoreCase);

    /// <summary>Runs a cell that shows a Plotly chart and writes its report (with plotly.js, or without when <paramref name="embedPlotlyJs"/> is false).</summary>
    private static async Task<string> RenderChartReportAsync(string folder, bool embedPlotlyJs = true)
    {
        using var harness = new SessionHarness();
        var cell = await harness.RunAsync("""
            #r "nuget: Plotly.NET, 6.0.0"
            #r "nuget: Plotly.NET.Interactive, 6.0.0"
            #r "nuget: Plotly.NET.CSharp, 0.14.0"
            Plotly.NET.CSharp.Chart.Point<double, double, string>(new[] { 1.0, 2.0, 3.0 }, new[] { 2.0, 4.0, 1.0 })
            """);
        Assert.False(cell.Failed, cell.Describe());
        string? plotlyJs = PlotlyJsSource.TryRead(SessionHarness.Catalog.PlotlyNetAssembly);
        Assert.NotNull(plotlyJs);

        string html = HtmlReport.Render(new ReportModel("chart", "chart.dib", "smoke", DateTimeOffset.Now, TimeSpan.Zero, [cell], embedPlotlyJs ? plotlyJs : null));
        string path = Path.Combine(folder, embedPlotlyJs ? "chart.html" : "chart-without-plotly.html");
        File.WriteAllText(path, html);
        return path;
    }

    [Fact]
    public async Task Render_PlotlyChart_IsSelfContained()
    {
        string folder = TestPaths.NewTempDirectory("report");
        try
        {
            string html = File.ReadAllText(await RenderChartReportAsync(folder));

            Assert.Contains("fsharpPlotlyRequire", html);
            Assert.DoesNotMatch(RemoteScript, html);
            Assert.Contains("window.requirejs.config = function", html);   // the stand-in that hands over the embedded plotly.js
            Assert.True(html.Length > 1_000_000, "plotly.js (about 3.5 MB) must be embedded");
            Assert.DoesNotContain("class=\"main-svg\"", html);                 // drawn by the browser, not by us
        }
        finally
        {
            TestPaths.DeleteQuietly(folder);
        }
    }

    [SkippableFact]
    public async Task Render_PlotlyChart_IsDrawnByHeadlessChromium()
    {
        Skip.IfNot(Chromium.Path is not null, Chromium.Unavailable);
        string folder = TestPaths.NewTempDirectory("report");
        try
        {
            string report = await RenderChartReportAsync(folder);
            string withoutPlotly = await RenderChartReportAsync(folder, embedPlotlyJs: false);

            string dom = Chromium.DumpDom(report);
            string control = Chromium.DumpDom(withoutPlotly);

            Assert.Contains("<svg class=\"main-svg\"", dom);
            Assert.Contains("class=\"scatterlayer", dom);
            Assert.True(Regex.Matches(dom, "class=\"point\"").Count >= 3, "the three points must be drawn");
            // The same chart output without the embedded plotly.js draws nothing: the drawing above came from the report itself.
            Assert.DoesNotContain("class=\"main-svg\"", control);
            Assert.Contains("plotly.js was not found", control);
        }
        finally
        {
            TestPaths.DeleteQuietly(folder);
        }
    }
}
