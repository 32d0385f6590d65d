using Workbook.Results;

namespace Workbook.Commands;

/// <summary>
/// `workbook results readme`: writes the README's measured column and block from notebooks/results.json.
/// `workbook results record DIR [NOTEBOOK...] --profile P`: records the runs in an output folder of `./workbook run --out DIR`
/// (every course notebook with an .ipynb there, or the ones named), refusing any whose notebook changed since or that did
/// not pass; then updates the README. Exit 1 when anything was refused.
/// </summary>
public static class ResultsCommand
{
    public static int Run(RepoLayout repo, string[] args)
    {
        string sub = args.Length > 0 ? args[0] : "";
        return sub switch
        {
            "readme" => Readme(repo, args[1..]),
            "record" => Record(repo, args[1..]),
            _ => throw new UsageException(sub.Length == 0 ? "results needs readme or record" : $"unknown results command '{sub}': use readme or record"),
        };
    }

    private static int Readme(RepoLayout repo, string[] args)
    {
        var arguments = new Arguments(args);
        if (arguments.Positional.Count > 0)
            throw new UsageException("results readme takes no arguments");
        return WriteReadme(repo, Console.Out) ? 0 : 1;
    }

    private static int Record(RepoLayout repo, string[] args)
    {
        var arguments = new Arguments(args, "profile");
        if (arguments.Positional.Count == 0)
            throw new UsageException("results record needs the output folder of a run (./workbook run --out DIR)");
        string profile = arguments["profile"] is { } p ? Profiles.Choose(p) : throw new UsageException("results record needs --profile smoke|cpu|gpu: the profile the run used");
        string folder = Path.GetFullPath(arguments.Positional[0]);
        if (!Directory.Exists(folder))
            throw new UsageException($"no folder {arguments.Positional[0]}");
        var notebooks = arguments.Positional.Count > 1
            ? NotebookFiles.Resolve(repo, arguments.Positional.Skip(1).ToList())
            : NotebookFiles.Resolve(repo, []).Where(n => File.Exists(Path.Combine(folder, Path.GetFileNameWithoutExtension(n) + ".ipynb"))).ToList();
        if (notebooks.Count == 0)
        {
            Console.Error.WriteLine($"results: no course notebook has an .ipynb in {folder}");
            return 1;
        }

        string path = ResultsFile.PathIn(repo);
        var results = ResultsFile.Load(path);
        int refused = 0;
        foreach (var notebook in notebooks)
        {
            string name = Path.GetFileNameWithoutExtension(notebook);
            try
            {
                if (!RunRecorder.IsCourseNotebook(repo, notebook))
                    throw new ResultsFileException($"{notebook} is not a course notebook (notebooks/NN-name.dib)");
                var record = OutputFolderRecord.Read(repo, folder, notebook, profile);
                if (results.Get(profile, name) is { } existing && string.CompareOrdinal(existing.StartedUtc, record.StartedUtc) > 0)
                    throw new ResultsFileException($"{ResultsFile.FileName} already holds a later {profile} run of {name} ({existing.StartedUtc}); not replaced");
                results.Set(profile, name, record);
                Console.WriteLine($"recorded {name} ({profile}): {record.Seconds:F1} s, {record.Checks.Count} check line(s), run {record.StartedUtc}");
            }
            catch (ResultsFileException e)
            {
                Console.Error.WriteLine($"results: {name}: not recorded: {e.Message}");
                refused++;
            }
        }
        if (results.Save(path))
            Console.WriteLine($"wrote {Path.GetRelativePath(Environment.CurrentDirectory, path)}");
        bool readme = WriteReadme(repo, Console.Out);
        return refused == 0 && readme ? 0 : 1;
    }

    /// <summary>Writes the README's generated parts; false (and a message) when its markers or rows are wrong.</summary>
    public static bool WriteReadme(RepoLayout repo, TextWriter console)
    {
        string readme = Path.Combine(repo.Root, "README.md");
        try
        {
            string text = File.ReadAllText(readme);
            string generated = ReadmeResults.Generate(text, ResultsFile.Load(ResultsFile.PathIn(repo)), ReadmeResults.CourseNotebooks(repo));
            if (generated == text.Replace("\r\n", "\n", StringComparison.Ordinal))
                return true;
            LlmCourse.Files.AtomicFile.WriteAllText(readme, generated);
            console.WriteLine($"wrote {Path.GetRelativePath(Environment.CurrentDirectory, readme)} (the measured results, from {ResultsFile.FileName})");
            return true;
        }
        catch (ReadmeFormatException e)
        {
            Console.Error.WriteLine($"README.md:{e.Line}: error: {e.Message}");
            return false;
        }
        catch (ResultsFileException e)
        {
            Console.Error.WriteLine($"results: {e.Message}");
            return false;
        }
    }
}
