using System.Text.Json;

namespace Workbook.Execution;

/// <summary>A package a notebook asked for, resolved to the assemblies of it and its dependencies.</summary>
/// <param name="Shim">Which runner-side stand-in for the package's .NET Interactive extension to load, if any.</param>
/// <param name="Note">Shown under "Installed Packages" when the request was mapped to another package.</param>
public sealed record ResolvedPackage(string Id, string Version, IReadOnlyList<string> Assemblies, string? Shim, string? Note);

/// <summary>A #r "nuget" request the catalogue cannot satisfy. The message follows NuGet's wording.</summary>
public sealed class PackageResolutionException(string message) : Exception(message);

/// <summary>
/// Turns <c>#r "nuget: Id, Version"</c> into assembly paths, from the project.assets.json that restoring
/// tools/NotebookReferences writes. This is what .NET Interactive's restore does, offline: the same packages,
/// from the same NuGet cache, so TorchSharp finds and loads its natives exactly as it does in VS Code.
/// </summary>
public sealed class PackageCatalog
{
    public const string CatalogueProject = "tools/NotebookReferences/NotebookReferences.csproj";

    private readonly Dictionary<string, string> _direct;           // id -> version, for #r-able packages
    private readonly Dictionary<string, JsonElement> _targets;     // "Id/Version" -> target entry
    private readonly Dictionary<string, string> _resolvedVersions; // id -> version, every package in the graph
    private readonly Dictionary<string, string> _libraryPaths;     // "Id/Version" -> relative folder in the cache

    private PackageCatalog(string packagesFolder, Dictionary<string, string> direct, Dictionary<string, JsonElement> targets,
        Dictionary<string, string> resolved, Dictionary<string, string> paths)
    {
        PackagesFolder = packagesFolder;
        _direct = direct;
        _targets = targets;
        _resolvedVersions = resolved;
        _libraryPaths = paths;
    }

    public string PackagesFolder { get; }

    /// <summary>Plotly.NET.dll in the cache (its resources hold plotly.js), or null when Plotly.NET is not catalogued.</summary>
    public string? PlotlyNetAssembly =>
        _direct.ContainsKey("Plotly.NET") ? Closure("Plotly.NET").FirstOrDefault(p => Path.GetFileName(p) == "Plotly.NET.dll") : null;

    /// <summary>Ids and versions a notebook can reference directly.</summary>
    public IReadOnlyDictionary<string, string> Packages => _direct;

    public static PackageCatalog Load(string assetsFile)
    {
        if (!File.Exists(assetsFile))
            throw new PackageResolutionException(
                $"The package catalogue {assetsFile} does not exist: the notebook packages were never restored. Run ./workbook setup (or any ./workbook command), which builds {CatalogueProject}.");

        using var json = JsonDocument.Parse(File.ReadAllBytes(assetsFile));
        var root = json.RootElement.Clone();
        string folder = root.GetProperty("packageFolders").EnumerateObject().First().Name;

        var framework = root.GetProperty("project").GetProperty("frameworks").EnumerateObject().First();
        var targetsOfFramework = root.GetProperty("targets").EnumerateObject().First(t => !t.Name.Contains('/')).Value;

        var targets = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        var resolved = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in targetsOfFramework.EnumerateObject())
        {
            if (entry.Value.TryGetProperty("type", out var type) && type.GetString() != "package")
                continue;
            targets[entry.Name] = entry.Value;
            int slash = entry.Name.IndexOf('/');
            resolved[entry.Name[..slash]] = entry.Name[(slash + 1)..];
        }

        var direct = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (framework.Value.TryGetProperty("dependencies", out var dependencies))
        {
            foreach (var dependency in dependencies.EnumerateObject())
                if (resolved.TryGetValue(dependency.Name, out var version))
                    direct[dependency.Name] = version;
        }

        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in root.GetProperty("libraries").EnumerateObject())
            if (library.Value.TryGetProperty("path", out var path))
                paths[library.Name] = path.GetString()!;

        return new PackageCatalog(folder, direct, targets, resolved, paths);
    }

    /// <summary>Resolves one request, or throws <see cref="PackageResolutionException"/> with NuGet's kind of message.</summary>
    public ResolvedPackage Resolve(PackageReference request)
    {
        // Stand-ins: the real package cannot be restored here, but what it does can be.
        if (request.Id.Equals("Plotly.NET.Interactive", StringComparison.OrdinalIgnoreCase)
            && _direct.TryGetValue("Plotly.NET", out var plotly))
        {
            RequireVersion(request, plotly);
            return new ResolvedPackage(request.Id, request.Version, Closure("Plotly.NET"), "plotly", null);
        }
        string? note = null;
        string id = request.Id;
        if (IsTorchSharpBackend(id) && !_direct.ContainsKey(id))
        {
            string? other = _direct.Keys.FirstOrDefault(IsTorchSharpBackend);
            if (other is not null)
            {
                note = $"{id} is served by {other} on this machine (the backend ./workbook setup chose); the TorchSharp API is the same.";
                id = other;
            }
        }
        if (!_direct.TryGetValue(id, out var version))
            throw new PackageResolutionException(
                $"error NU1101: Unable to find package {request.Id}. No packages exist with this id in source(s): the workbook catalogue. "
                + $"A notebook can load only the packages listed in {CatalogueProject}; add it there (version in Directory.Packages.props) and run ./workbook setup.");
        RequireVersion(request, version);
        string? shim = id.Equals("Microsoft.Data.Analysis", StringComparison.OrdinalIgnoreCase) ? "dataframe" : null;
        return new ResolvedPackage(request.Id, request.Version, Closure(id), shim, note);
    }

    private static bool IsTorchSharpBackend(string id) =>
        id.Equals("TorchSharp-cpu", StringComparison.OrdinalIgnoreCase) || id.Equals("TorchSharp-cuda-linux", StringComparison.OrdinalIgnoreCase);

    private static void RequireVersion(PackageReference request, string available)
    {
        if (!request.Version.Equals(available, StringComparison.OrdinalIgnoreCase))
            throw new PackageResolutionException(
                $"error NU1102: Unable to find package {request.Id} with version (= {request.Version}). Found 1 version(s) in the workbook catalogue [ Nearest version: {available} ]. "
                + $"Write #r \"nuget: {request.Id}, {available}\" (the version pinned in Directory.Packages.props).");
    }

    /// <summary>The runtime assemblies of a package and everything it depends on, in dependency order.</summary>
    private List<string> Closure(string id)
    {
        var assemblies = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Visit(id);
        return assemblies;

        void Visit(string packageId)
        {
            if (!seen.Add(packageId) || !_resolvedVersions.TryGetValue(packageId, out var version))
                return;
            string key = $"{packageId}/{version}";
            var target = _targets[key];
            if (target.TryGetProperty("dependencies", out var dependencies))
                foreach (var dependency in dependencies.EnumerateObject())
                    Visit(dependency.Name);
            string folder = Path.Combine(PackagesFolder, _libraryPaths[key]);
            // Runtime assets are what gets loaded; fall back to compile assets for reference-only packages.
            foreach (var kind in new[] { "runtime", "compile" })
            {
                if (!target.TryGetProperty(kind, out var files))
                    continue;
                var dlls = files.EnumerateObject().Select(f => f.Name).Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).ToList();
                if (dlls.Count == 0)
                    continue;
                assemblies.AddRange(dlls.Select(f => Path.Combine(folder, f)));
                break;
            }
        }
    }
}
