using Workbook.Lint;

namespace Workbook.Export;

/// <summary>Lint's check that a notebook's exported app (notebooks/apps/NN-name.cs) is what `./workbook export` writes now.</summary>
public static class AppFreshness
{
    /// <summary>A problem naming the app and the fix when the app is missing or differs from a fresh export; none when it is current.</summary>
    public static List<LintProblem> Check(string notebookPath)
    {
        string app = AppExporter.AppPath(notebookPath);
        string shown = Path.Combine(AppExporter.AppsFolder, Path.GetFileName(app));
        string expected;
        try
        {
            expected = AppExporter.Export(notebookPath);
        }
        catch (ExportException e)
        {
            return [new LintProblem(Path.GetFileName(notebookPath), 1, $"cannot be exported as an app: {e.Message}")];
        }
        if (!File.Exists(app))
            return [new LintProblem(shown, 1, $"missing: the app for {Path.GetFileName(notebookPath)}; run ./workbook export")];
        string actual = File.ReadAllText(app);
        if (actual == expected)
            return [];
        int line = FirstDifferentLine(actual, expected);
        return [new LintProblem(shown, line, $"out of date with {Path.GetFileName(notebookPath)} (it differs from line {line}); run ./workbook export")];
    }

    internal static int FirstDifferentLine(string actual, string expected)
    {
        var a = actual.Split('\n');
        var b = expected.Split('\n');
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
            i++;
        return i + 1;
    }
}
