using System.Net;
using System.Text;
using Markdig;
using Microsoft.DotNet.Interactive.Documents;
using Workbook.Engines;

namespace Workbook.Reports;

/// <summary>
/// A self-contained HTML page for one executed notebook: markdown rendered, code, and every output, with
/// Plotly charts drawn offline. Chart outputs are kept exactly as the kernel produced them (HTML that asks
/// require.js for plotly.js from a CDN); the page embeds plotly.js and a tiny require.js stand-in that hands
/// it over, so nothing is fetched from the network.
/// </summary>
public static class HtmlReport
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <param name="plotlyJs">plotly.js source to embed when a chart is shown; null when unavailable.</param>
    public static string Render(NotebookRun run, string sourcePath, string? plotlyJs)
    {
        bool hasCharts = run.Cells.SelectMany(c => c.Outputs).Any(o => Html(o) is { } html && IsChart(html));

        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        page.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        page.Append($"<title>{Encode(run.Name)}</title><style>{Style}</style>");
        if (hasCharts && plotlyJs is not null)
        {
            page.Append("<script type=\"text/javascript\">").Append(plotlyJs.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)).Append("</script>");
            page.Append("<script type=\"text/javascript\">").Append(RequireShim).Append("</script>");
        }
        page.Append("</head><body><main>");
        page.Append($"<header><h1 class=\"title\">{Encode(run.Name)}</h1><p class=\"meta\">{Encode(sourcePath)} · {Encode(run.EngineDescription)} · profile <b>{Encode(run.Profile)}</b> · ");
        page.Append($"run {run.Started:yyyy-MM-dd HH:mm} · {run.Elapsed.TotalSeconds:F1} s · ");
        page.Append(run.Succeeded
            ? $"<span class=\"ok\">{run.Passed} code cells passed</span>"
            : $"<span class=\"bad\">{run.Passed} passed, {run.Failed} failed{(run.NotRun > 0 ? $", {run.NotRun} not run" : "")}</span>");
        page.Append("</p>");
        if (run.Problem is not null)
            page.Append($"<pre class=\"error\">{Encode(run.Problem)}</pre>");
        if (hasCharts && plotlyJs is null)
            page.Append("<p class=\"bad\">plotly.js was not found in Plotly.NET's package, so charts are not drawn. Run ./workbook setup.</p>");
        page.Append("</header>");

        foreach (var cell in run.Cells)
        {
            if (!cell.Cell.IsCode)
            {
                page.Append("<section class=\"markdown\">").Append(Markdig.Markdown.ToHtml(cell.Cell.Source, Markdown)).Append("</section>");
                continue;
            }
            string status = cell.Failed ? "<span class=\"bad\">failed</span>" : cell.Ran ? "<span class=\"ok\">ok</span>" : "<span class=\"bad\">not run</span>";
            if (cell.Note is not null)
                status += $" · {Encode(cell.Note)}";
            page.Append($"<section class=\"cell{(cell.Failed ? " failed" : "")}\" id=\"cell-{cell.Number}\">");
            page.Append($"<div class=\"cell-head\">[{cell.Number}] line {cell.Cell.FirstLine} · {cell.Elapsed.TotalSeconds:F2} s · {status}</div>");
            page.Append($"<pre class=\"code\"><code class=\"language-csharp\">{Encode(cell.Cell.Source)}</code></pre>");
            foreach (var output in cell.Outputs)
                page.Append("<div class=\"output\">").Append(RenderOutput(output)).Append("</div>");
            page.Append("</section>");
        }
        page.Append("</main></body></html>\n");
        return page.ToString();
    }

    /// <summary>Plotly.NET's chart HTML: a div and a script that asks require.js for plotly.</summary>
    public static bool IsChart(string html) => html.Contains("fsharpPlotlyRequire", StringComparison.Ordinal);

    private static string? Html(InteractiveDocumentOutputElement output) =>
        Data(output) is { } data && data.TryGetValue("text/html", out var html) ? Text(html) : null;

    private static IDictionary<string, object>? Data(InteractiveDocumentOutputElement output) => output switch
    {
        DisplayElement d => d.Data,
        ReturnValueElement r => r.Data,
        _ => null,
    };

    private static string RenderOutput(InteractiveDocumentOutputElement output)
    {
        switch (output)
        {
            case TextElement text:
                return $"<pre class=\"stream {Encode(text.Name ?? "stdout")}\">{Encode(text.Text ?? "")}</pre>";
            case ErrorElement error:
                string trace = error.StackTrace is { Length: > 0 } lines ? "\n" + string.Join("\n", lines) : "";
                return $"<pre class=\"error\">{Encode((error.ErrorValue ?? "") + trace)}</pre>";
        }
        var data = Data(output);
        if (data is null)
            return "";
        if (data.TryGetValue("text/html", out var html))
            return Text(html);
        if (data.TryGetValue("text/markdown", out var markdown))
            return Markdig.Markdown.ToHtml(Text(markdown), Markdown);
        if (data.TryGetValue("image/svg+xml", out var svg))
            return Text(svg);
        if (data.TryGetValue("image/png", out var png))
            return $"<img src=\"data:image/png;base64,{Text(png).Trim()}\" alt=\"\">";
        if (data.TryGetValue("text/plain", out var plain))
            return $"<pre>{Encode(Text(plain))}</pre>";
        return $"<pre>({Encode(string.Join(", ", data.Keys))})</pre>";
    }

    /// <summary>An output value as text: a string, or Jupyter's list of lines as the Documents reader returns it.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Array } array => string.Concat(array.EnumerateArray().Select(e => e.ToString())),
        System.Text.Json.JsonElement element => element.ValueKind == System.Text.Json.JsonValueKind.String ? element.GetString() ?? "" : element.ToString(),
        System.Collections.IEnumerable lines => string.Concat(lines.Cast<object?>().Select(l => l?.ToString())),
        _ => value.ToString() ?? "",
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
