using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;

namespace Workbook.Engines;

/// <summary>
/// One of the real .NET Interactive tools, pinned in .config/dotnet-tools.json and restored by `dotnet tool restore`
/// into the NuGet cache. It is started the way `dotnet tool run` starts a local tool (`dotnet &lt;entry point&gt;.dll`),
/// so it can run with any working directory: dotnet-repl resolves a notebook's relative paths against its own.
/// </summary>
public sealed record DotnetTool(string PackageId, string Command, string Version, string EntryPoint)
{
    public const string KernelPackage = "microsoft.dotnet-interactive";
    public const string ReplPackage = "dotnet-repl";

    /// <summary>The kernel VS Code's Polyglot Notebooks extension starts (`dotnet-interactive stdio`).</summary>
    public static DotnetTool Kernel(RepoLayout repo) => Find(repo, KernelPackage);

    /// <summary>dotnet-repl, the command-line notebook runner.</summary>
    public static DotnetTool Repl(RepoLayout repo) => Find(repo, ReplPackage);

    /// <summary>The folder that holds the tool's assemblies: what its kernel carries before any #r.</summary>
    public string InstallFolder => Path.GetDirectoryName(EntryPoint)!;

    /// <summary>The target framework the tool runs on, e.g. "net10.0" (the folder under tools/).</summary>
    public string TargetFramework => Path.GetFileName(Path.GetDirectoryName(InstallFolder)!);

    public override string ToString() => $"{Command} {Version}";

    public static DotnetTool Find(RepoLayout repo, string packageId)
    {
        if (!File.Exists(repo.ToolManifest))
            throw new ToolUnavailableException($"{repo.ToolManifest} is missing: it pins the .NET Interactive tools the notebooks run in.");
        using var manifest = JsonDocument.Parse(File.ReadAllText(repo.ToolManifest));
        var tools = manifest.RootElement.GetProperty("tools");
        var entry = tools.EnumerateObject().FirstOrDefault(t => t.Name.Equals(packageId, StringComparison.OrdinalIgnoreCase));
        if (entry.Value.ValueKind != JsonValueKind.Object)
            throw new ToolUnavailableException($"{packageId} is not pinned in {repo.ToolManifest}.");
        string version = entry.Value.GetProperty("version").GetString()!;
        string command = entry.Value.GetProperty("commands")[0].GetString()!;

        string package = Path.Combine(NuGetPackagesFolder(), packageId.ToLowerInvariant(), version.ToLowerInvariant());
        string? settings = Directory.Exists(Path.Combine(package, "tools"))
            ? Directory.GetFiles(Path.Combine(package, "tools"), "DotnetToolSettings.xml", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (settings is null)
            throw new ToolUnavailableException($"{packageId} {version} is not restored (no {package}). Run `dotnet tool restore` in {repo.Root} (./workbook does it).");
        string entryPoint = XDocument.Load(settings).Descendants("Command")
            .First(c => (string?)c.Attribute("Name") == command).Attribute("EntryPoint")!.Value;
        return new DotnetTool(packageId, command, version, Path.Combine(Path.GetDirectoryName(settings)!, entryPoint));
    }

    /// <summary>`dotnet &lt;entry point&gt; args…` in a working directory, with the given environment on top of this process's.</summary>
    public ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(EntryPoint);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // No telemetry banner on stdout and no first-run message: the kernel's stdout is its protocol.
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
                start.Environment.Remove(name);
            else
                start.Environment[name] = value;
        }
        return start;
    }

    /// <summary>Where NuGet restores packages: NUGET_PACKAGES, else ~/.nuget/packages.</summary>
    public static string NuGetPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}

/// <summary>A pinned tool that is not there to run; the message says how to get it.</summary>
public sealed class ToolUnavailableException(string message) : Exception(message);
