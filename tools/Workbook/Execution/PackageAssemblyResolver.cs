using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Workbook.Execution;

/// <summary>
/// Lets package assemblies find their own dependencies at run time, as .NET Interactive's package manager does
/// (F# DependencyProvider's assembly and native probing): Roslyn loads what a cell references, but when, say,
/// Plotly.NET asks for FSharp.Core 5.0.0.0 and the package graph holds a newer FSharp.Core, nothing else answers.
/// Probing is by simple name over the assemblies of every package the notebook added; an assembly already loaded
/// is handed back rather than loaded twice, so types stay the same types.
/// </summary>
internal static class PackageAssemblyResolver
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, string> AssemblyPaths = new(StringComparer.OrdinalIgnoreCase);
    private static readonly List<string> NativeFolders = [];
    private static bool _installed;

    public static void Add(IEnumerable<string> assemblies)
    {
        lock (Gate)
        {
            foreach (var path in assemblies)
            {
                AssemblyPaths.TryAdd(Path.GetFileNameWithoutExtension(path), path);
                // <package>/lib/<tfm>/x.dll -> <package>/runtimes/<rid>/native/
                string? package = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(path)));
                string native = Path.Combine(package ?? "", "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
                if (Directory.Exists(native) && !NativeFolders.Contains(native))
                    NativeFolders.Add(native);
            }
            if (_installed)
                return;
            _installed = true;
            AssemblyLoadContext.Default.Resolving += ResolveAssembly;
            AssemblyLoadContext.Default.ResolvingUnmanagedDll += ResolveNative;
        }
    }

    private static Assembly? ResolveAssembly(AssemblyLoadContext context, AssemblyName name)
    {
        string? path;
        lock (Gate)
        {
            if (name.Name is null || !AssemblyPaths.TryGetValue(name.Name, out path))
                return null;
        }
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => string.Equals(a.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase));
        return loaded ?? context.LoadFromAssemblyPath(path);
    }

    private static IntPtr ResolveNative(Assembly assembly, string name)
    {
        string[] folders;
        lock (Gate)
            folders = NativeFolders.ToArray();
        foreach (var folder in folders)
        {
            foreach (var file in new[] { name, $"lib{name}.so", $"{name}.so", $"lib{name}.dylib", $"{name}.dll" })
            {
                string candidate = Path.Combine(folder, file);
                if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
                    return handle;
            }
        }
        return IntPtr.Zero;
    }
}
