// Stand-in for Microsoft.Data.Analysis.Interactive (dotnet/machinelearning src/Microsoft.Data.Analysis.Interactive/
// DataFrameKernelExtension.cs), which the package loads into .NET Interactive: a DataFrame is shown as an HTML table
// with an index column, the first 25 rows, and a caption giving the row count when there are more.
Microsoft.DotNet.Interactive.Formatting.Formatter.Register<Microsoft.Data.Analysis.DataFrame>((frame, writer) =>
{
    const int shown = 25;
    string Encode(object? value) => System.Net.WebUtility.HtmlEncode(value?.ToString() ?? "");
    var html = new System.Text.StringBuilder();
    html.Append($"<table id=\"table_{DateTime.Now.Ticks}\">");
    if (frame.Rows.Count > shown)
        html.Append($"<caption>DataFrame - {frame.Rows.Count} rows (first {shown} shown)</caption>");
    html.Append("<thead><tr><th><i>index</i></th>");
    foreach (var column in frame.Columns)
        html.Append("<th>").Append(Encode(column.Name)).Append("</th>");
    html.Append("</tr></thead><tbody>");
    for (long row = 0; row < Math.Min(shown, frame.Rows.Count); row++)
    {
        html.Append("<tr><td><i>").Append(row).Append("</i></td>");
        foreach (var column in frame.Columns)
            html.Append("<td>").Append(Encode(column[row])).Append("</td>");
        html.Append("</tr>");
    }
    html.Append("</tbody></table>");
    writer.Write(html.ToString());
}, "text/html");
