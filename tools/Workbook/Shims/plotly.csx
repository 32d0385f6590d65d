// Stand-in for the Plotly.NET.Interactive extension (plotly/Plotly.NET src/Plotly.NET.Interactive/Extension.fs):
// a GenericChart is shown as the chart's HTML, which loads plotly.js through require.js.
Microsoft.DotNet.Interactive.Formatting.Formatter.Register<Plotly.NET.GenericChart>((chart, writer) =>
{
    var require = Plotly.NET.PlotlyJSReference.NewRequire($"https://cdn.plot.ly/plotly-{Globals.PLOTLYJS_VERSION}.min");
    var withStyle = Plotly.NET.Chart.withDisplayOptionsStyle(null, null, null, null, null, null,
        Microsoft.FSharp.Core.FSharpOption<Plotly.NET.PlotlyJSReference>.Some(require));
    writer.Write(Plotly.NET.GenericChart.toChartHTML(withStyle.Invoke(chart)));
}, "text/html");
Microsoft.DotNet.Interactive.Formatting.Formatter.SetPreferredMimeTypesFor(typeof(Plotly.NET.GenericChart), "text/html");
