using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace LlmCourse.Projection;

/// <summary>One 2-D map per step (e.g. per epoch), coloured by class, in a single Plotly chart with a slider to move between them.</summary>
/// <remarks>
/// Plotly.js's slider "restyle" method: every step's traces are in the figure, and each slider position sets the
/// "visible" flag of every trace, so only one step's points show. Nothing is computed in the browser, and the chart
/// draws offline like any other.
/// </remarks>
public static class SliderScatter
{
    /// <summary>The chart; <paramref name="maps"/>[s] is step s's (N, 2) coordinates, <paramref name="labels"/> the class of each point.</summary>
    /// <param name="active">The step shown first (default: the last).</param>
    public static GenericChart Create(IReadOnlyList<(string Step, double[] X, double[] Y)> maps, IReadOnlyList<int> labels,
        IReadOnlyList<string> classNames, IReadOnlyList<string> colours, int? active = null)
    {
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(colours);
        if (maps.Count == 0 || maps.Any(m => m.X.Length != labels.Count || m.Y.Length != labels.Count))
            throw new ArgumentException($"Need at least one map, each with one (x, y) per label ({labels.Count}).", nameof(maps));
        if (colours.Count < classNames.Count)
            throw new ArgumentException($"Need a colour for each of the {classNames.Count} classes.", nameof(colours));
        int shown = active ?? maps.Count - 1;
        int classes = classNames.Count;

        var traces = new List<GenericChart>();
        for (int s = 0; s < maps.Count; s++)
        {
            for (int c = 0; c < classes; c++)
            {
                var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == c).ToArray();
                var trace = CSharpChart.Point<double, double, string>(
                    x: members.Select(i => maps[s].X[i]).ToArray(), y: members.Select(i => maps[s].Y[i]).ToArray(),
                    Name: classNames[c], MarkerColor: Color.fromString(colours[c]), Opacity: 0.7);
                // Chart.withTraceInfo is curried F#: it returns the function that styles a chart.
                traces.Add(Chart.withTraceInfo(Name: null, Visible: FSharpOption<StyleParam.Visible>.Some(
                    s == shown ? StyleParam.Visible.True : StyleParam.Visible.False),
                    ShowLegend: null, LegendRank: null, LegendGroup: null, LegendGroupTitle: null).Invoke(trace));
            }
        }

        var steps = Enumerable.Range(0, maps.Count).Select(s =>
        {
            // One flag per trace, in the order they were added: step s's classes on, every other step's off.
            object visible = Enumerable.Range(0, maps.Count * classes).Select(t => t / classes == s).ToArray();
            return SliderStep.init(
                Args: FSharpOption<IEnumerable<Tuple<string, object>>>.Some([Tuple.Create("visible", visible)]),
                Label: FSharpOption<string>.Some(maps[s].Step),
                Method: FSharpOption<StyleParam.Method>.Some(StyleParam.Method.Restyle),
                Execute: null, Name: null, TemplateItemName: null, Value: null, Visible: null);
        }).ToArray();
        // Plotly.NET's F# optional parameters: from C# every one is named, null for "not set".
        var slider = Slider.init(
            Active: FSharpOption<int>.Some(shown),
            Steps: FSharpOption<IEnumerable<SliderStep>>.Some(steps),
            CurrentValue: null, ActiveBgColor: null, BgColor: null, BorderColor: null, BorderWidth: null, Font: null, Len: null,
            LenMode: null, MinorTickLen: null, Name: null, Padding: null, TemplateItemName: null, TickColor: null, TickLen: null,
            TickWidth: null, Transition: null, Visible: null, X: null, XAnchor: null, Y: null, YAnchor: null);
        return Chart.withSlider(slider, Append: null).Invoke(Chart.combine(traces));
    }
}
