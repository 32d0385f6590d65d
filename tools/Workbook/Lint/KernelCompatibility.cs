using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workbook.Lint;

/// <summary>An assembly a package needs in a newer version than the kernel has already loaded.</summary>
/// <param name="Package">The package (of the notebook's #r closure) whose assembly asks for the newer version.</param>
public sealed record AssemblyConflict(string Package, string Assembly, Version Needed, Version Carried, string CarriedBy);

/// <summary>
/// Whether a package a notebook loads with #r "nuget: Id, Version" can load in the real kernels. Two things break it
/// there and nowhere else: a package (or one it depends on) with a lib folder but none the kernel's target framework
/// can use, and an assembly it was compiled against in a newer version than the kernel already carries (the
/// kernel's own copy is loaded before any #r and wins, e.g. FSharp.Core). The package graph comes from the restore
/// of tools/NotebookReferences (project.assets.json); what the kernels carry, from the pinned tools' folders and the
/// shared framework they run on.
/// </summary>
public sealed partial class KernelCompatibility
{
    private readonly string _packagesFolder;
    private readonly Dictionary<string, JsonElement> _targets;           // "Id/Version" -> target entry
    private readonly Dictionary<string, string> _versions;               // id -> resolved version
    private readonly Dictionary<string, string> _paths;                  // "Id/Version" -> folder under the cache
    private readonly Dictionary<string, (Version Version, string Owner)> _carried;

    private KernelCompatibility(string packagesFolder, Dictionary<string, JsonElement> targets, Dictionary<string, string> versions,
        Dictionary<string, string> paths, Dictionary<string, (Version, string)> carried, string targetFramework, IReadOnlyDictionary<string, string> direct)
    {
        _packagesFolder = packagesFolder;
        _targets = targets;
        _versions = versions;
        _paths = paths;
        _carried = carried;
        TargetFramework = targetFramework;
        Packages = direct;
    }

    /// <summary>The kernels' target framework, e.g. net10.0.</summary>
    public string TargetFramework { get; }

    /// <summary>Ids and versions a notebook may load (the direct references of tools/NotebookReferences).</summary>
    public IReadOnlyDictionary<string, string> Packages { get; }

    /// <param name="carriers">Each tool's name and its folder of assemblies.</param>
    public static KernelCompatibility Load(string assetsFile, IEnumerable<(string Name, string Folder)> carriers, string targetFramework)
    {
        if (!File.Exists(assetsFile))
            throw new FileNotFoundException($"{assetsFile} does not exist: the notebook packages were never restored. Run ./workbook setup.");
        using var json = JsonDocument.Parse(File.ReadAllBytes(assetsFile));
        var root = json.RootElement.Clone();
        string folder = root.GetProperty("packageFolders").EnumerateObject().First().Name;
        var framework = root.GetProperty("project").GetProperty("frameworks").EnumerateObject().First();
        var ofFramework = root.GetProperty("targets").EnumerateObject().First(t => !t.Name.Contains('/')).Value;

        var targets = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        var versions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in ofFramework.EnumerateObject())
        {
            if (entry.Value.TryGetProperty("type", out var type) && type.GetString() != "package")
                continue;
            targets[entry.Name] = entry.Value;
            int slash = entry.Name.IndexOf('/');
            versions[entry.Name[..slash]] = entry.Name[(slash + 1)..];
        }
        var direct = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (framework.Value.TryGetProperty("dependencies", out var dependencies))
            foreach (var dependency in dependencies.EnumerateObject())
                if (versions.TryGetValue(dependency.Name, out var version))
                    direct[dependency.Name] = version;
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in root.GetProperty("libraries").EnumerateObject())
            if (library.Value.TryGetProperty("path", out var path))
                paths[library.Name] = path.GetString()!;

        var carried = new Dictionary<string, (Version, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, toolFolder) in carriers)
        {
            foreach (var dll in Directory.GetFiles(toolFolder, "*.dll"))
            {
                if (TryGetName(dll) is not { Version: not null } assembly)
                    continue;
                // Where two carriers differ, the lower version is the one that breaks a package.
                if (!carried.TryGetValue(assembly.Name!, out var known) || assembly.Version < known.Item1)
                    carried[assembly.Name!] = (assembly.Version, name);
            }
        }
        return new KernelCompatibility(folder, targets, versions, paths, carried, targetFramework, direct);
    }

    /// <summary>Problems with loading a package in the kernels; <paramref name="resolved"/> names assemblies the notebook hands over itself.</summary>
    public List<string> Check(PackageReference package, IReadOnlySet<string> resolved)
    {
        var problems = new List<string>();
        foreach (var conflict in Conflicts(package.Id))
        {
            if (resolved.Contains(conflict.Assembly))
                continue;
            problems.Add($"{package.Id} {package.Version} cannot load in the notebook kernels: {conflict.Package} was built against {conflict.Assembly} {conflict.Needed}, "
                + $"but {conflict.CarriedBy} has {conflict.Assembly} {conflict.Carried} loaded before any #r, so .NET fails with \"Could not load file or assembly '{conflict.Assembly}, Version={conflict.Needed}'\". "
                + $"Fix: pin a version of {package.Id} built against {conflict.Assembly} {conflict.Carried} or older, or, in a cell before this #r, add an "
                + $"AssemblyLoadContext.Default.Resolving handler that returns the loaded {conflict.Assembly} (as notebooks/setup/course.dib does for FSharp.Core).");
        }
        problems.AddRange(LibFolderProblems(package));
        return problems;
    }

    /// <summary>Every (package, assembly) in the closure of a package that needs a newer assembly than the kernels carry.</summary>
    public List<AssemblyConflict> Conflicts(string packageId)
    {
        var conflicts = new List<AssemblyConflict>();
        foreach (var (package, dll) in RuntimeAssemblies(packageId))
        {
            if (TryGetName(dll) is { Version: not null } self && _carried.TryGetValue(self.Name!, out var own) && self.Version > own.Version)
                conflicts.Add(new AssemblyConflict(package, self.Name!, self.Version, own.Version, own.Owner));
            foreach (var reference in References(dll))
            {
                if (reference.Version is not null && _carried.TryGetValue(reference.Name!, out var carried) && reference.Version > carried.Version)
                    conflicts.Add(new AssemblyConflict(package, reference.Name!, reference.Version, carried.Version, carried.Owner));
            }
        }
        return conflicts.DistinctBy(c => (c.Assembly, c.Needed)).ToList();
    }

    private IEnumerable<string> LibFolderProblems(PackageReference package)
    {
        foreach (var id in Closure(package.Id))
        {
            string key = $"{id}/{_versions[id]}";
            string lib = Path.Combine(_packagesFolder, _paths[key], "lib");
            if (!Directory.Exists(lib))
                continue;    // a meta-package: its dependencies bring the assemblies
            var frameworks = Directory.GetDirectories(lib).Select(Path.GetFileName).OfType<string>().ToList();
            if (frameworks.Count > 0 && !frameworks.Any(f => IsCompatible(f, TargetFramework)))
                yield return $"{package.Id} {package.Version} cannot load in the notebook kernels: {(id == package.Id ? "it" : $"its dependency {id} {_versions[id]}")} has lib folders for {string.Join(", ", frameworks)}, none of which {TargetFramework} (the kernels' framework) can use. Fix: pin a version built for .NET Standard 2.0/2.1 or .NET ≤ {TargetFramework[3..]}.";
        }
    }

    /// <summary>Whether a lib/ folder name is a framework a kernel on <paramref name="target"/> (netN.M) can load.</summary>
    public static bool IsCompatible(string folder, string target)
    {
        folder = folder.ToLowerInvariant();
        if (NetStandard().IsMatch(folder) || NetCoreApp().IsMatch(folder))
            return true;
        var net = ModernNet().Match(folder);
        var targetVersion = ModernNet().Match(target.ToLowerInvariant());
        return net.Success && targetVersion.Success
            && Version.Parse(net.Groups[1].Value) <= Version.Parse(targetVersion.Groups[1].Value);
    }

    [GeneratedRegex(@"^netstandard[12]\.\d$")]
    private static partial Regex NetStandard();

    [GeneratedRegex(@"^netcoreapp[123]\.\d$")]
    private static partial Regex NetCoreApp();

    [GeneratedRegex(@"^net(\d+\.\d+)$")]
    private static partial Regex ModernNet();

    private List<string> Closure(string id)
    {
        var ids = new List<string>();
        Visit(id);
        return ids;

        void Visit(string packageId)
        {
            if (ids.Contains(packageId, StringComparer.OrdinalIgnoreCase) || !_versions.TryGetValue(packageId, out var version))
                return;
            ids.Add(packageId);
            if (_targets[$"{packageId}/{version}"].TryGetProperty("dependencies", out var dependencies))
                foreach (var dependency in dependencies.EnumerateObject())
                    Visit(dependency.Name);
        }
    }

    private IEnumerable<(string Package, string Dll)> RuntimeAssemblies(string packageId)
    {
        foreach (var id in Closure(packageId))
        {
            string key = $"{id}/{_versions[id]}";
            if (!_targets[key].TryGetProperty("runtime", out var runtime))
                continue;
            foreach (var file in runtime.EnumerateObject().Select(f => f.Name).Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
                yield return ($"{id} {_versions[id]}", Path.Combine(_packagesFolder, _paths[key], file));
        }
    }

    private static AssemblyName? TryGetName(string dll)
    {
        try
        {
            return AssemblyName.GetAssemblyName(dll);
        }
        catch (Exception e) when (e is BadImageFormatException or IOException)
        {
            return null;    // a native library
        }
    }

    private static List<AssemblyName> References(string dll)
    {
        if (!File.Exists(dll))
            return [];
        using var pe = new PEReader(File.OpenRead(dll));
        if (!pe.HasMetadata)
            return [];
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(h => metadata.GetAssemblyReference(h).GetAssemblyName()).ToList();
    }
}
