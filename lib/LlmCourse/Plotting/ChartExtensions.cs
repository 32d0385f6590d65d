using Plotly.NET;

namespace LlmCourse.Plotting;

/// <summary>Chart styling that Plotly.NET.CSharp 0.14 leaves to F#-shaped calls; one short method each.</summary>
public static class ChartExtensions
{
    /// <summary>Sets the chart's title: <c>chart.WithTitle("Loss per step")</c>.</summary>
    public static GenericChart WithTitle(this GenericChart chart, string title) =>
        // Chart.withTitle is curried F#: it returns the function that styles a chart.
        Chart.withTitle(title, null).Invoke(chart);
}
