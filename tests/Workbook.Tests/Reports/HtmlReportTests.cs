using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using Workbook.Documents;
using Workbook.Engines;
using Workbook.Reports;
using Workbook.Tests.Infrastructure;

namespace Workbook.Tests.Reports;

/// <summary>The HTML report: self-contained, markdown rendered, failures marked, Plotly charts drawn offline.</summary>
public sealed class HtmlReportTests
{
    private static NotebookRun Run(IReadOnlyList<CellResult> cells, string? problem = null) =>
        new("/course/notebooks/report-test.dib", Engine.Kernel, "VS Code's kernel (dotnet-interactive 1.0.712001)", "smoke",
            DateTimeOffset.Now, TimeSpan.FromSeconds(1.5), cells, problem);

    private static CellResult Code(int number, string source, params InteractiveDocumentOutputElement[] outputs)
    {
        var cell = new CellResult(number, new NotebookCell(NotebookCell.CSharp, source, number * 10)) { Started = DateTimeOffset.Now, Ended = DateTimeOffset.Now };
        cell.Outputs.AddRange(outputs);
        return cell;
    }

    [Fact]
    public void Render_Cells_ShowsMarkdownCodeOutputsAndFailures()
    {
        var markdown = new CellResult(1, new NotebookCell(NotebookCell.Markdown, "# Heading\n\nSome *text*.", 5));
        var ok = Code(2, "var x = \"<tag>\";", new TextElement("printed <b>\n", "stdout"),
            new DisplayElement(new Dictionary<string, object> { ["text/plain"] = "plain only & escaped" }));
        var failed = Code(3, "throw null;", new ErrorElement(errorValue: "System.NullReferenceException: <oops>", errorName: "Error", stackTrace: []));

        string html = HtmlReport.Render(Run([markdown, ok, failed]), "notebooks/report-test.dib", plotlyJs: null);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<h1 id=\"heading\">Heading</h1>", html);
        Assert.Contains("<em>text</em>", html);
        Assert.Contains("var x = &quot;&lt;tag&gt;&quot;;", html);
        Assert.Contains("<pre class=\"stream stdout\">printed &lt;b&gt;\n</pre>", html);
        Assert.Contains("<pre>plain only &amp; escaped</pre>", html);
        Assert.Contains("<section class=\"cell failed\" id=\"cell-3\">", html);
        Assert.Contains("<pre class=\"error\">System.NullReferenceException: &lt;oops&gt;</pre>", html);
        Assert.Contains("1 passed, 1 failed", html);
        Assert.Contains("VS Code&#39;s kernel (dotnet-interactive 1.0.712001)", html);
        Assert.DoesNotContain("<script", html);   // no chart, no scripts
    }

    [Fact]
    public void Render_StoppedRun_SaysWhyAndWhichCellsNeverRan()
    {
        var ran = Code(1, "var a = 1;");
        var stopped = Code(2, "Thread.Sleep(-1);", new ErrorElement(errorValue: "Stopped: past --timeout", errorName: "Error", stackTrace: []));
        stopped.Note = "stopped by --timeout";
        var never = new CellResult(3, new NotebookCell(NotebookCell.CSharp, "a", 30)) { Note = "the notebook stopped before this cell" };

        string html = HtmlReport.Render(Run([ran, stopped, never], problem: "stopped after 5 s (--timeout) in cell 2 (line 20)"), "nb.dib", plotlyJs: null);

        Assert.Contains("1 passed, 1 failed, 1 not run", html);
        Assert.Contains("<pre class=\"error\">stopped after 5 s (--timeout) in cell 2 (line 20)</pre>", html);
        Assert.Contains("<span class=\"bad\">not run</span> · the notebook stopped before this cell", html);
    }

    [Fact]
    public void Render_ChartWithoutPlotlyJs_SaysChartsAreNotDrawn()
    {
        var chart = Code(1, "chart", new DisplayElement(new Dictionary<string, object> { ["text/html"] = "<div>fsharpPlotlyRequire</div>" }));

        string html = HtmlReport.Render(Run([chart]), "nb.dib", plotlyJs: null);

        Assert.Contains("plotly.js was not found in Plotly.NET's package", html);
    }
}

/// <summary>A real chart from VS Code's kernel, rendered into a report and drawn by headless Chromium.</summary>
[Collection("Engines")]
public sealed class HtmlReportChartTests
{
    private static readonly Regex RemoteScript = new(@"<script[^>]*\ssrc\s*=\s*[""']?(?:https?:)?//", RegexOptions.IgnoreCase);

    /// <summary>Runs a notebook that shows a Plotly chart and writes its report twice: with plotly.js embedded, and without.</summary>
    private static async Task<(string Report, string WithoutPlotly)> RenderChartReportsAsync(string folder)
    {
        var run = await NotebookRunner.RunAsync(TestPaths.Repo, Engine.Kernel, TestPaths.Fixture("Reports", "chart.dib"), folder,
            new RunSettings("smoke", "cpu", TimeSpan.FromMinutes(3), Console: null));
        Assert.True(run.Succeeded, string.Join("\n", run.Cells.Select(c => c.FailureSummary)) + run.Problem);
        string? plotlyJs = PlotlyJsSource.TryRead(TestPaths.Repo);
        Assert.NotNull(plotlyJs);

        string report = Path.Combine(folder, "chart-report.html"), withoutPlotly = Path.Combine(folder, "chart-without-plotly.html");
        File.WriteAllText(report, HtmlReport.Render(run, "chart.dib", plotlyJs));
        File.WriteAllText(withoutPlotly, HtmlReport.Render(run, "chart.dib", null));
        return (report, withoutPlotly);
    }

    [Fact]
    public async Task Render_PlotlyChart_IsSelfContained()
    {
        string folder = TestPaths.NewTempDirectory("report");
        try
        {
            string html = File.ReadAllText((await RenderChartReportsAsync(folder)).Report);

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
            var (report, withoutPlotly) = await RenderChartReportsAsync(folder);

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
