using System.Net;
using System.Text;
using Markdig;
using Workbook.Documents;
using Workbook.Execution;

namespace Workbook.Reports;

/// <summary>What a report shows about one executed notebook.</summary>
/// <param name="PlotlyJs">plotly.js source to embed when a chart is shown; null when unavailable.</param>
public sealed record ReportModel(string Title, string SourcePath, string Profile, DateTimeOffset Started, TimeSpan Elapsed,
    IReadOnlyList<CellRun> Cells, string? PlotlyJs);

/// <summary>
/// A self-contained HTML page for one executed notebook: markdown rendered, code, and every output, with
/// Plotly charts drawn offline. Chart outputs are kept exactly as the notebook produced them (HTML that asks
/// require.js for plotly.js from a CDN); the page embeds plotly.js and a tiny require.js stand-in that hands
/// it over, so nothing is fetched from the network.
/// </summary>
public static class HtmlReport
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public static string Render(ReportModel model)
    {
        int code = model.Cells.Count(c => c.Cell.IsCode);
        int failed = model.Cells.Count(c => c.Failed);
        bool hasCharts = model.Cells.SelectMany(c => c.Outputs).OfType<DisplayOutput>()
            .Any(d => d.Data.TryGetValue("text/html", out var html) && html.Contains("fsharpPlotlyRequire", StringComparison.Ordinal));

        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        page.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        page.Append($"<title>{Encode(model.Title)}</title><style>{Style}</style>");
        if (hasCharts && model.PlotlyJs is not null)
        {
            page.Append("<script type=\"text/javascript\">").Append(model.PlotlyJs.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)).Append("</script>");
            page.Append("<script type=\"text/javascript\">").Append(RequireShim).Append("</script>");
        }
        page.Append("</head><body><main>");
        page.Append($"<header><h1 class=\"title\">{Encode(model.Title)}</h1><p class=\"meta\">{Encode(model.SourcePath)} · profile <b>{Encode(model.Profile)}</b> · ");
        page.Append($"run {model.Started:yyyy-MM-dd HH:mm} · {model.Elapsed.TotalSeconds:F1} s · ");
        page.Append(failed == 0
            ? $"<span class=\"ok\">{code} code cells passed</span>"
            : $"<span class=\"bad\">{code - failed} passed, {failed} failed</span>");
        page.Append("</p>");
        if (hasCharts && model.PlotlyJs is null)
            page.Append("<p class=\"bad\">plotly.js was not found in the package catalogue, so charts are not drawn. Run ./workbook setup.</p>");
        page.Append("</header>");

        foreach (var run in model.Cells)
        {
            if (!run.Cell.IsCode)
            {
                page.Append("<section class=\"markdown\">").Append(Markdig.Markdown.ToHtml(run.Cell.Source, Markdown)).Append("</section>");
                continue;
            }
            string status = run.Failed ? "<span class=\"bad\">failed</span>" : "<span class=\"ok\">ok</span>";
            page.Append($"<section class=\"cell{(run.Failed ? " failed" : "")}\" id=\"cell-{run.Number}\">");
            page.Append($"<div class=\"cell-head\">[{run.Number}] line {run.Cell.FirstLine} · {(run.Ended - run.Started).TotalSeconds:F2} s · {status}</div>");
            page.Append($"<pre class=\"code\"><code class=\"language-csharp\">{Encode(run.Cell.Source)}</code></pre>");
            foreach (var output in run.Outputs)
                page.Append("<div class=\"output\">").Append(RenderOutput(output)).Append("</div>");
            page.Append("</section>");
        }
        page.Append("</main></body></html>\n");
        return page.ToString();
    }

    private static string RenderOutput(CellOutput output) => output switch
    {
        StreamOutput s => $"<pre class=\"stream {s.Name}\">{Encode(s.Text)}</pre>",
        ErrorOutput e => $"<pre class=\"error\">{Encode(e.Value)}</pre>",
        DisplayOutput d when d.Data.TryGetValue("text/html", out var html) => html,
        DisplayOutput d when d.Data.TryGetValue("text/markdown", out var markdown) => Markdig.Markdown.ToHtml(markdown, Markdown),
        DisplayOutput d when d.Data.TryGetValue("image/svg+xml", out var svg) => svg,
        DisplayOutput d when d.Data.TryGetValue("image/png", out var png) => $"<img src=\"data:image/png;base64,{png.Trim()}\" alt=\"\">",
        DisplayOutput d when d.Data.TryGetValue("text/plain", out var text) => $"<pre>{Encode(text)}</pre>",
        DisplayOutput d => $"<pre>({Encode(string.Join(", ", d.Data.Keys))})</pre>",
        _ => "",
    };

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Enough of require.js for Plotly.NET's chart HTML: requirejs.config(...) returns a loader that hands over window.Plotly.</summary>
    private const string RequireShim = """
        window.requirejs = window.requirejs || function (deps, callback) { callback(window.Plotly); };
        window.requirejs.config = function () { return function (deps, callback) { callback(window.Plotly); }; };
        window.require = window.require || window.requirejs;
        """;

    private const string Style = """
        body { margin: 0; background: #fafafa; color: #1f2328; font: 15px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
        main { max-width: 980px; margin: 0 auto; padding: 24px; }
        header { border-bottom: 1px solid #d0d7de; margin-bottom: 16px; }
        h1.title { margin: 0 0 4px; font-size: 1.6em; }
        .meta { color: #57606a; margin-top: 0; }
        .ok { color: #1a7f37; } .bad { color: #cf222e; font-weight: 600; }
        section.markdown { margin: 14px 0; }
        section.cell { margin: 14px 0; border: 1px solid #d0d7de; border-radius: 6px; background: #fff; }
        section.cell.failed { border-color: #cf222e; }
        .cell-head { font: 12px monospace; color: #57606a; padding: 4px 10px; border-bottom: 1px solid #eaeef2; }
        pre { margin: 0; padding: 8px 10px; overflow-x: auto; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre-wrap; }
        pre.code { background: #f6f8fa; }
        .output { border-top: 1px dashed #eaeef2; padding: 4px 0; overflow-x: auto; }
        pre.stderr { color: #9a6700; } pre.error { color: #cf222e; background: #fff5f5; }
        table { border-collapse: collapse; margin: 6px 10px; } td, th { border: 1px solid #d0d7de; padding: 2px 8px; text-align: left; }
        code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
        """;
}
