using System.Diagnostics;
using System.Xml.Linq;

namespace Workbook.Commands;

/// <summary>
/// `workbook setup [--backend auto|cpu|cuda]`: picks the TorchSharp backend for this machine and writes it to
/// notebooks/setup/backend.dib, the one line that differs between a CPU and a CUDA machine, so no notebook is
/// ever edited. auto picks CUDA when `nvidia-smi -L` lists a GPU.
/// </summary>
public static class BackendSetup
{
    public static int Run(RepoLayout repo, string[] args)
    {
        var arguments = new Arguments(args, "backend");
        string backend = (arguments["backend"] ?? "auto").ToLowerInvariant() switch
        {
            "auto" => DetectBackend(),
            "cpu" => "cpu",
            "cuda" => "cuda",
            var other => throw new UsageException($"--backend {other}: use auto, cpu or cuda"),
        };
        bool changed = Write(repo, backend);
        Console.WriteLine($"TorchSharp backend: {backend} ({Path.GetRelativePath(repo.Root, repo.BackendImport)}{(changed ? " written" : " unchanged")}).");
        if (changed || !File.Exists(repo.CatalogueAssets))
            return BuildNotebookReferences(repo);
        return 0;
    }

    /// <summary>Writes backend.dib with the auto-detected backend when it does not exist yet.</summary>
    public static void EnsureWritten(RepoLayout repo)
    {
        if (File.Exists(repo.BackendImport))
            return;
        string backend = DetectBackend();
        Write(repo, backend);
        Console.WriteLine($"TorchSharp backend: {backend} (wrote {Path.GetRelativePath(repo.Root, repo.BackendImport)}; change it with ./workbook setup --backend cpu|cuda).");
        if (backend == "cuda" && BuildNotebookReferences(repo) != 0)
            throw new InvalidOperationException("Restoring the CUDA build of TorchSharp failed; see the build output above.");
    }

    public static string DetectBackend()
    {
        try
        {
            using var smi = Process.Start(new ProcessStartInfo("nvidia-smi", "-L") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            string listing = smi.StandardOutput.ReadToEnd();
            smi.WaitForExit();
            return smi.ExitCode == 0 && listing.Contains("GPU", StringComparison.Ordinal) ? "cuda" : "cpu";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "cpu";   // no nvidia-smi: no NVIDIA driver
        }
    }

    /// <summary>The text of backend.dib for a backend. True when the file changed.</summary>
    public static bool Write(RepoLayout repo, string backend)
    {
        string package = backend == "cuda" ? "TorchSharp-cuda-linux" : "TorchSharp-cpu";
        string version = PackageVersion(repo, package);
        string text = $$$"""
            #!meta

            {"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"languageName":"csharp","name":"csharp"}]}}

            #!csharp

            // Written by `./workbook setup` for this machine ({{{backend}}}). Do not edit: run ./workbook setup --backend cpu|cuda.
            #r "nuget: {{{package}}}, {{{version}}}"

            """;
        if (File.Exists(repo.BackendImport) && File.ReadAllText(repo.BackendImport) == text)
            return false;
        LlmCourse.Files.AtomicFile.WriteAllText(repo.BackendImport, text);
        return true;
    }

    /// <summary>A package's version from Directory.Packages.props, the one place versions live.</summary>
    public static string PackageVersion(RepoLayout repo, string id) =>
        XDocument.Load(repo.PackagesProps).Descendants("PackageVersion")
            .FirstOrDefault(e => string.Equals((string?)e.Attribute("Include"), id, StringComparison.OrdinalIgnoreCase))
            ?.Attribute("Version")?.Value
        ?? throw new InvalidOperationException($"{id} has no version in Directory.Packages.props.");

    private static int BuildNotebookReferences(RepoLayout repo)
    {
        Console.WriteLine("Restoring the notebook packages and building the course library...");
        var build = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = repo.Root };
        foreach (var a in new[] { "build", repo.CatalogueProject, "-c", "Release", "-nologo", "-v", "q", "-clp:NoSummary" })
            build.ArgumentList.Add(a);
        using var process = Process.Start(build)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
