using Plotly.NET;

namespace LlmCourse.Apps;

/// <summary>
/// A value shown on the console, which <see cref="Update"/> replaces, as the kernel's DisplayedValue replaces its
/// output in the notebook. Text is rewritten in place while it is still the last thing on a terminal (a progress
/// line); a chart is rewritten in its HTML file, whose path is printed once.
/// </summary>
public sealed class DisplayedValue
{
    private readonly bool _table;
    private string? _chartFile;

    internal DisplayedValue(bool table) => _table = table;

    /// <summary>Replaces the shown value with <paramref name="value"/>.</summary>
    public void Update(object? value)
    {
        if (value is GenericChart chart)
        {
            bool first = _chartFile is null;
            _chartFile = LessonApp.WriteChart(chart, _chartFile);
            if (first)
                ConsoleWriter.Write(this, $"chart: {LessonApp.ShownPath(_chartFile)}");
            return;
        }
        ConsoleWriter.Write(this, _table ? ValueText.Table(value) : ValueText.Of(value));
    }
}
