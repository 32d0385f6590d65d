namespace LlmCourse.Apps;

/// <summary>
/// The notebook kernel's display API, for a lesson run as a console app. A notebook's <c>display(x)</c>,
/// <c>x.Display()</c>, <c>rows.DisplayTable()</c> and a cell's last expression show a value under the cell; here they
/// print it (<see cref="ValueText"/> says how each kind of value looks), and the returned <see cref="DisplayedValue"/>
/// replaces it in place, as in VS Code. An exported app imports this class with <c>using static</c>, so the
/// notebook's code compiles unchanged.
/// </summary>
public static class ConsoleDisplay
{
    /// <summary>Shows a value, as the kernel's <c>display(value)</c>; <paramref name="mimeTypes"/> is accepted and ignored: the console has one.</summary>
    // Lower-case on purpose: the kernel's name, which the notebooks call.
#pragma warning disable IDE1006
    public static DisplayedValue display(object? value, params string[] mimeTypes) => Show(value, table: false);
#pragma warning restore IDE1006

    /// <summary>Shows a value, as the kernel's <c>value.Display()</c>.</summary>
    public static DisplayedValue Display(this object? value, params string[] mimeTypes) => Show(value, table: false);

    /// <summary>Shows a sequence as a table with one column per property, every row, as the kernel's <c>DisplayTable()</c>.</summary>
    public static DisplayedValue DisplayTable<T>(this IEnumerable<T> rows) => Show(rows, table: true);

    private static DisplayedValue Show(object? value, bool table)
    {
        var shown = new DisplayedValue(table);
        shown.Update(value);
        return shown;
    }
}
