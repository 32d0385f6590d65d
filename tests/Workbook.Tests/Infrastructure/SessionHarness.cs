using Workbook.Documents;
using Workbook.Execution;

namespace Workbook.Tests.Infrastructure;

/// <summary>
/// A <see cref="NotebookSession"/> in a fresh temp folder that is also the process's working directory, as
/// NotebookRunner sets it up. Dispose restores the working directory. Use only from [Collection("Sequential")].
/// </summary>
internal sealed class SessionHarness : IDisposable
{
    private static readonly Lazy<PackageCatalog> SharedCatalog = new(() => PackageCatalog.Load(TestPaths.Repo.CatalogueAssets));

    private readonly string _previousDirectory;
    private int _cells;

    public SessionHarness()
    {
        Folder = TestPaths.NewTempDirectory("session");
        _previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Folder;
        Session = new NotebookSession(Folder, () => SharedCatalog.Value) { NotebookName = "test.dib" };
    }

    /// <summary>The catalogue restored by the build (artifacts/obj/NotebookReferences/project.assets.json).</summary>
    public static PackageCatalog Catalog => SharedCatalog.Value;

    /// <summary>The TorchSharp backend package the catalogue serves on this machine (TorchSharp-cpu, or TorchSharp-cuda-linux on a GPU machine).</summary>
    public static string TorchSharpBackend => Catalog.Packages.Keys.Single(k => k.StartsWith("TorchSharp-", StringComparison.OrdinalIgnoreCase));

    /// <summary>The notebook's folder and working directory.</summary>
    public string Folder { get; }

    public NotebookSession Session { get; }

    /// <summary>Runs a C# cell; <paramref name="firstLine"/> is where the cell's text starts in the pretend notebook.</summary>
    public Task<CellRun> RunAsync(string source, int firstLine = 1) =>
        Session.RunCellAsync(new DibCell(DibParser.CSharp, source, firstLine), ++_cells);

    /// <summary>Writes a file relative to the notebook's folder and returns its full path.</summary>
    public string WriteFile(string relativePath, string text)
    {
        string path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        Environment.CurrentDirectory = _previousDirectory;
        TestPaths.DeleteQuietly(Folder);
    }
}

/// <summary>Reading a cell's outputs in assertions.</summary>
internal static class CellRunExtensions
{
    public static List<DisplayOutput> Displays(this CellRun run) => run.Outputs.OfType<DisplayOutput>().ToList();

    public static List<ErrorOutput> Errors(this CellRun run) => run.Outputs.OfType<ErrorOutput>().ToList();

    public static string Stream(this CellRun run, string name) =>
        string.Concat(run.Outputs.OfType<StreamOutput>().Where(s => s.Name == name).Select(s => s.Text));

    /// <summary>Every formatted value the cell displayed, all MIME types.</summary>
    public static string AllDisplayed(this CellRun run) =>
        string.Join("\n", run.Displays().SelectMany(d => d.Data.Values));

    /// <summary>The cell's outputs, for an assertion message.</summary>
    public static string Describe(this CellRun run) =>
        $"cell {run.Number} failed={run.Failed} at {run.FailureLocation}: {run.FailureSummary}\n"
        + string.Join("\n", run.Outputs.Select(o => o switch
        {
            StreamOutput s => $"[{s.Name}] {s.Text}",
            ErrorOutput e => $"[error] {e.Value}",
            DisplayOutput d => $"[display] {string.Join(" | ", d.Data.Select(kv => $"{kv.Key}: {Shorten(kv.Value)}"))}",
            _ => o.ToString(),
        }));

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
