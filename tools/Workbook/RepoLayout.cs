namespace Workbook;

/// <summary>Where things are in the course repository, found from the tool's own location.</summary>
public sealed class RepoLayout(string root)
{
    public string Root { get; } = root;
    public string Notebooks => Path.Combine(Root, "notebooks");
    public string Reports => Path.Combine(Root, "artifacts", "notebooks");

    /// <summary>Where `./workbook run --dry-run` writes its reports, apart from real runs' (which `results record` reads).</summary>
    public string DryRunReports => Path.Combine(Root, "artifacts", "dryrun");
    public string CatalogueAssets => Path.Combine(Root, "artifacts", "obj", "NotebookReferences", "project.assets.json");
    public string BackendImport => Path.Combine(Notebooks, "setup", "backend.dib");
    public string PackagesProps => Path.Combine(Root, "Directory.Packages.props");
    public string ToolManifest => Path.Combine(Root, ".config", "dotnet-tools.json");
    public string CatalogueProject => Path.Combine(Root, "tools", "NotebookReferences", "NotebookReferences.csproj");

    /// <summary>Walks up from <paramref name="start"/> (default: this assembly's folder) to the folder holding ./workbook.</summary>
    public static RepoLayout Find(string? start = null)
    {
        var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory);
        for (; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "workbook")) && File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
                return new RepoLayout(dir.FullName);
        }
        throw new InvalidOperationException($"Cannot find the course repository above {start ?? AppContext.BaseDirectory}: run the tool through ./workbook.");
    }
}
