using Workbook.Export;

namespace Workbook.Commands;

/// <summary>
/// `workbook export [NOTEBOOK...]`: writes each notebook as a file-based app, notebooks/apps/NN-name.cs
/// (<see cref="AppExporter"/>). With no notebook named it exports all of notebooks/*.dib and removes apps whose notebook
/// is gone. Writes only files whose text changes, so running it twice changes nothing. It also brings the README's
/// measured results up to date with notebooks/results.json (a changed notebook shows its record as of an older version).
/// </summary>
public static class ExportCommand
{
    public static int Run(RepoLayout repo, string[] args)
    {
        var arguments = new Arguments(args);
        var notebooks = NotebookFiles.Resolve(repo, arguments.Positional);
        int written = 0, failed = 0;
        foreach (var notebook in notebooks)
        {
            string app = AppExporter.AppPath(notebook);
            string shown = Path.GetRelativePath(Environment.CurrentDirectory, app);
            string text;
            try
            {
                text = AppExporter.Export(notebook);
            }
            catch (ExportException e)
            {
                Console.Error.WriteLine($"export: {e.Message}");
                failed++;
                continue;
            }
            if (File.Exists(app) && File.ReadAllText(app) == text)
                continue;
            Directory.CreateDirectory(Path.GetDirectoryName(app)!);
            LlmCourse.Files.AtomicFile.WriteAllText(app, text);
            Console.WriteLine($"wrote {shown}");
            written++;
        }
        if (arguments.Positional.Count == 0)
        {
            string folder = Path.Combine(repo.Notebooks, AppExporter.AppsFolder);
            var current = notebooks.Select(AppExporter.AppPath).ToHashSet(StringComparer.Ordinal);
            foreach (var stale in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.cs") : [])
                if (!current.Contains(stale))
                {
                    File.Delete(stale);
                    Console.WriteLine($"removed {Path.GetRelativePath(Environment.CurrentDirectory, stale)} (no notebook)");
                }
        }
        bool readme = ResultsCommand.WriteReadme(repo, Console.Out);
        Console.WriteLine($"export: {notebooks.Count} notebook(s), {written} app(s) written, {notebooks.Count - written - failed} already current{(failed > 0 ? $", {failed} FAILED" : "")}");
        return failed == 0 && readme ? 0 : 1;
    }
}
