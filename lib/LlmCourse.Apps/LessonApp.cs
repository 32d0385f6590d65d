using System.Runtime.CompilerServices;
using Microsoft.FSharp.Core;
using Plotly.NET;

namespace LlmCourse.Apps;

/// <summary>
/// The start of an exported lesson (notebooks/apps/NN-name.cs): runs it in the notebooks' folder, so that the
/// notebook's relative paths (../datasets/…) mean what they mean in VS Code, wherever `dotnet run` was started; and
/// says where its charts go: COURSE_APP_OUTPUT when set, else artifacts/apps/NN-name/ in the repository.
/// </summary>
public static class LessonApp
{
    private static string _name = "lesson";
    private static string? _output;
    private static string _startedIn = Environment.CurrentDirectory;
    private static int _charts;

    /// <summary>The folder charts are written to.</summary>
    public static string OutputFolder => _output ??= Path.Combine(Environment.CurrentDirectory, "charts");

    /// <param name="name">The notebook's name without .dib, e.g. "07-gpt".</param>
    /// <param name="appFile">Filled in by the compiler: this app's .cs file, in notebooks/apps/.</param>
    public static void Start(string name, [CallerFilePath] string appFile = "")
    {
        _name = name;
        _startedIn = Environment.CurrentDirectory;
        string notebooks = Path.GetDirectoryName(Path.GetDirectoryName(appFile)!)!;
        Directory.SetCurrentDirectory(notebooks);
        string? chosen = Environment.GetEnvironmentVariable("COURSE_APP_OUTPUT");
        _output = !string.IsNullOrWhiteSpace(chosen)
            ? Path.GetFullPath(chosen, _startedIn)
            : Path.Combine(Path.GetDirectoryName(notebooks)!, "artifacts", "apps", name);
        Directory.CreateDirectory(_output);
        AppDomain.CurrentDomain.UnhandledException += (_, _) => ConsoleWriter.Finish();
        Console.Out.WriteLine($"{name}: the notebook {name}.dib run as an app; charts go to {ShownPath(_output)}");
    }

    /// <summary>Writes <paramref name="chart"/> as a self-contained HTML page (plotly.js inside, nothing fetched) and returns its path.</summary>
    /// <param name="file">The file of an earlier version of this chart, rewritten; null for a new one, NN-name-k.html.</param>
    public static string WriteChart(GenericChart chart, string? file)
    {
        Directory.CreateDirectory(OutputFolder);
        file ??= Path.Combine(OutputFolder, $"{_name}-{++_charts}.html");
        // PlotlyJSReference.Full puts the plotly.js that Plotly.NET carries into the page: it opens offline. (F# options: null is None.)
        var options = DisplayOptions.init(null, null, null, null, null, null, FSharpOption<PlotlyJSReference>.Some(PlotlyJSReference.Full));
        var offline = Chart.withDisplayOptions(options).Invoke(chart);
        LlmCourse.Files.AtomicFile.WriteAllText(file, GenericChart.toEmbeddedHTML(offline));
        return file;
    }

    /// <summary>A path as the learner can use it from where they started the app.</summary>
    public static string ShownPath(string path) => Path.GetRelativePath(_startedIn, path);
}
