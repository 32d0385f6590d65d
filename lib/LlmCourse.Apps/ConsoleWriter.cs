namespace LlmCourse.Apps;

/// <summary>
/// Writes what the displays show, so that an update replaces the previous text where a console can: on a terminal,
/// a one-line value that is still the last line is rewritten in place (\r, erase line). When the output goes to a
/// file or a pipe, updates that come faster than one per <see cref="QuietInterval"/> are held back and the latest
/// one is written before anything else is, so a log gets the progress without thousands of lines.
/// </summary>
internal static class ConsoleWriter
{
    private static readonly TimeSpan QuietInterval = TimeSpan.FromSeconds(5);
    private static readonly object Gate = new();
    private static readonly bool Terminal = !Console.IsOutputRedirected;

    private static DisplayedValue? _lastOwner;      // whose text is the last thing written
    private static bool _lastIsOpenLine;             // on a terminal: the last line has no newline yet, so it can be rewritten
    private static (DisplayedValue Owner, string Text)? _held;
    private static DateTime _lastWrite = DateTime.MinValue;

    static ConsoleWriter() => AppDomain.CurrentDomain.ProcessExit += (_, _) => Finish();

    public static void Write(DisplayedValue owner, string text)
    {
        lock (Gate)
        {
            bool update = ReferenceEquals(owner, _lastOwner);
            bool oneLine = !text.Contains('\n', StringComparison.Ordinal);
            if (Terminal)
            {
                if (update && _lastIsOpenLine && oneLine)
                    Console.Out.Write("\r\u001b[2K" + text);
                else
                {
                    if (_lastIsOpenLine)
                        Console.Out.WriteLine();
                    if (oneLine)
                        Console.Out.Write(text);     // left open: a later update of the same value rewrites it
                    else
                        Console.Out.WriteLine(text);
                }
                _lastIsOpenLine = oneLine;
            }
            else
            {
                if (_held is { } held && !ReferenceEquals(held.Owner, owner))
                    Console.Out.WriteLine(held.Text);    // a new display: what an earlier one held back comes first
                _held = null;
                if (update && DateTime.UtcNow - _lastWrite < QuietInterval)
                {
                    _held = (owner, text);
                    return;
                }
                Console.Out.WriteLine(text);
            }
            _lastOwner = owner;
            _lastWrite = DateTime.UtcNow;
            Console.Out.Flush();
        }
    }

    /// <summary>At exit: writes a held update and ends an open line.</summary>
    public static void Finish()
    {
        lock (Gate)
        {
            if (_held is { } held)
            {
                _held = null;
                Console.Out.WriteLine(held.Text);
            }
            if (_lastIsOpenLine)
                Console.Out.WriteLine();
            _lastIsOpenLine = false;
            _lastOwner = null;
            Console.Out.Flush();
        }
    }
}
