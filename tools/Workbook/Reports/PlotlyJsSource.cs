using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Workbook.Reports;

/// <summary>Reads the plotly.js that Plotly.NET embeds in its own assembly, without loading the assembly.</summary>
public static class PlotlyJsSource
{
    /// <summary>The plotly.js inside the Plotly.NET the course pins (Directory.Packages.props), from the NuGet cache; null when absent.</summary>
    public static string? TryRead(RepoLayout repo)
    {
        string version;
        try
        {
            version = Commands.BackendSetup.PackageVersion(repo, "Plotly.NET");
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        string package = Path.Combine(Engines.DotnetTool.NuGetPackagesFolder(), "plotly.net", version.ToLowerInvariant(), "lib");
        string? dll = Directory.Exists(package) ? Directory.GetFiles(package, "Plotly.NET.dll", SearchOption.AllDirectories).FirstOrDefault() : null;
        return TryRead(dll);
    }

    /// <summary>The plotly.js source inside Plotly.NET.dll, or null when the file or the resource is absent.</summary>
    public static string? TryRead(string? plotlyNetDll)
    {
        if (plotlyNetDll is null || !File.Exists(plotlyNetDll))
            return null;
        using var pe = new PEReader(File.OpenRead(plotlyNetDll));
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            string name = metadata.GetString(resource.Name);
            if (!resource.Implementation.IsNil || !name.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) || !name.EndsWith(".min.js", StringComparison.Ordinal))
                continue;
            // Managed resources: a blob of [int32 length][bytes] records at the CLI header's Resources directory.
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var block = pe.GetSectionData(directory.RelativeVirtualAddress).GetReader();
            block.Offset = (int)resource.Offset;
            int length = block.ReadInt32();
            return Encoding.UTF8.GetString(block.ReadBytes(length));
        }
        return null;
    }
}
