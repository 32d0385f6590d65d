using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using TorchSharp;

namespace LlmCourse.Apps;

/// <summary>
/// How a displayed value reads on the console, close to what the notebook shows: text as it is; a tensor with its
/// shape, dtype and device, then its values; a sequence of records as an aligned table, a sequence of numbers or
/// strings on one line; any other value by its ToString, or its properties when ToString is only the type's name.
/// </summary>
public static class ValueText
{
    /// <summary>Rows shown for a sequence that is displayed (not DisplayTable'd); the kernel shows 20 as well, then "more".</summary>
    public const int ShownRows = 20;

    public static string Of(object? value) => value switch
    {
        null => "<null>",
        string text => text,
        torch.Tensor tensor => Tensor(tensor),
        IEnumerable sequence => Sequence(sequence),
        _ => Single(value),
    };

    /// <summary>Every row, one column per public property (or field), as DisplayTable shows it.</summary>
    public static string Table(object? rows) => rows is IEnumerable sequence and not string
        ? TextTable.Render(Records(sequence, int.MaxValue, out _))
        : Of(rows);

    /// <summary>"Tensor [2, 3] Float32 on cpu", then the values as TorchSharp prints them (numpy style, summarised when large).</summary>
    public static string Tensor(torch.Tensor tensor)
    {
        string header = $"Tensor [{string.Join(", ", tensor.shape)}] {tensor.dtype} on {tensor.device}";
        return header + "\n" + tensor.ToString(TensorStringStyle.Numpy);
    }

    private static string Sequence(IEnumerable sequence)
    {
        var items = sequence.Cast<object?>().Take(ShownRows + 1).ToList();
        bool simple = items.All(IsScalar);
        if (simple)
        {
            var shown = items.Take(ShownRows).Select(Cell);
            int total = sequence is ICollection collection ? collection.Count : -1;
            string more = items.Count > ShownRows ? total > 0 ? $", … ({total} items)" : ", …" : "";
            return "[" + string.Join(", ", shown) + more + "]";
        }
        var table = Records(sequence, ShownRows, out bool truncated);
        return TextTable.Render(table) + (truncated ? "\n(more rows not shown)" : "");
    }

    private static string Single(object value)
    {
        string text = Cell(value);
        var type = value.GetType();
        if (text != type.ToString())
            return text;
        // ToString is object's: show the properties, as the notebook's default table of members does.
        var members = Members(type);
        var rows = members.Select(m => new[] { m.Name, Cell(m.Get(value)) }).ToList();
        return type.Name + "\n" + TextTable.Render((["member", "value"], rows));
    }

    internal static (string[] Header, List<string[]> Rows) Records(IEnumerable sequence, int limit, out bool truncated)
    {
        var items = sequence.Cast<object?>().Take(limit == int.MaxValue ? int.MaxValue : limit + 1).ToList();
        truncated = items.Count > limit;
        if (truncated)
            items = items.Take(limit).ToList();
        var first = items.FirstOrDefault(i => i is not null);
        if (first is null || IsScalar(first))
            return (["value"], items.Select(i => new[] { Cell(i) }).ToList());
        var members = Members(first.GetType());
        if (members.Count == 0)
            return (["value"], items.Select(i => new[] { Cell(i) }).ToList());
        var rows = items.Select(i => members.Select(m => i is null ? "" : Cell(m.Get(i))).ToArray()).ToList();
        return (members.Select(m => m.Name).ToArray(), rows);
    }

    private static List<(string Name, Func<object, object?> Get)> Members(Type type)
    {
        // Declaration order: an anonymous type's properties come in the order the notebook wrote them.
        var list = new List<(string, Func<object, object?>)>();
        foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance).OrderBy(m => m.MetadataToken))
        {
            if (member is PropertyInfo { CanRead: true } property && property.GetIndexParameters().Length == 0
                && property.Name != "EqualityContract")
                list.Add((property.Name, o => property.GetValue(o)));
            else if (member is FieldInfo field)
                list.Add((field.Name, o => field.GetValue(o)));
        }
        return list;
    }

    private static bool IsScalar(object? value) =>
        value is null or string or char or bool or Enum or DateTime or TimeSpan || value.GetType().IsPrimitive || value is decimal;

    private static string Cell(object? value) => value switch
    {
        null => "",
        torch.Tensor tensor => tensor.numel() == 1 ? Convert.ToString(tensor.ToScalar().ToDouble(), CultureInfo.CurrentCulture)! : $"Tensor [{string.Join(", ", tensor.shape)}]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.CurrentCulture),
        IEnumerable sequence and not string => "[" + string.Join(", ", sequence.Cast<object?>().Take(8).Select(Cell)) + (sequence.Cast<object?>().Skip(8).Any() ? ", …" : "") + "]",
        _ => value.ToString() ?? "",
    };
}

/// <summary>Columns padded to their widest cell; numbers right-aligned, text left-aligned.</summary>
public static class TextTable
{
    public static string Render((string[] Header, List<string[]> Rows) table)
    {
        var (header, rows) = table;
        int columns = header.Length;
        var widths = new int[columns];
        var numeric = new bool[columns];
        for (int c = 0; c < columns; c++)
        {
            widths[c] = Math.Max(header[c].Length, rows.Count == 0 ? 0 : rows.Max(r => Flat(r[c]).Length));
            numeric[c] = rows.Count > 0 && rows.All(r => r[c].Length == 0 || double.TryParse(r[c], NumberStyles.Any, CultureInfo.CurrentCulture, out _));
        }
        var text = new StringBuilder();
        void Line(string[] cells)
        {
            for (int c = 0; c < columns; c++)
            {
                string cell = Flat(cells[c]);
                text.Append(numeric[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
                if (c < columns - 1)
                    text.Append("  ");
            }
            text.Append('\n');
        }
        Line(header);
        text.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        foreach (var row in rows)
            Line(row);
        return text.ToString().TrimEnd('\n');
    }

    // A cell is one line: a newline inside it would break the columns.
    private static string Flat(string cell) => cell.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "⏎", StringComparison.Ordinal);
}
