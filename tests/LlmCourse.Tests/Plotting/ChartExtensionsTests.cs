using LlmCourse.Plotting;

namespace LlmCourse.Tests.Plotting;

public class ChartExtensionsTests
{
    [Fact]
    public void WithTitle_PutsTheTitleInTheChartLayout()
    {
        var chart = Plotly.NET.CSharp.Chart.Line<double, double, string>(x: new[] { 0.0, 1.0 }, y: new[] { 2.0, 3.0 });

        string before = Plotly.NET.GenericChart.toChartHTML(chart);
        string after = Plotly.NET.GenericChart.toChartHTML(chart.WithTitle("Loss per step"));

        Assert.DoesNotContain("Loss per step", before);
        Assert.Contains("\"title\":{\"text\":\"Loss per step\"}", after);
    }
}
