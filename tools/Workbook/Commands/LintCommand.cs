using Workbook.Lint;

namespace Workbook.Commands;

/// <summary>
/// `workbook lint [NOTEBOOK...]`: prints file:line problems; exit 1 when there is any. Linting the whole course (no
/// notebook named) also checks that the README's measured results are what notebooks/results.json gives.
/// </summary>
public static class LintCommand
{
    public static int Run(RepoLayout repo, string[] args)
    {
        var arguments = new Arguments(args);
        var linter = NotebookLinter.ForRepository(repo);
        int problems = 0, files = 0;
        foreach (var notebook in NotebookFiles.Resolve(repo, arguments.Positional))
        {
            files++;
            // The course's notebooks (notebooks/*.dib) each have an exported app, which must be current.
            bool hasApp = string.Equals(Path.GetDirectoryName(Path.GetFullPath(notebook)), Path.GetFullPath(repo.Notebooks), StringComparison.Ordinal);
            foreach (var problem in linter.Lint(notebook).Concat(hasApp ? Export.AppFreshness.Check(notebook) : []))
            {
                problems++;
                string file = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(Path.GetDirectoryName(notebook)!, problem.File));
                Console.WriteLine(problem with { File = file });
            }
        }
        if (arguments.Positional.Count == 0)
        {
            string readme = Path.Combine(repo.Root, "README.md");
            foreach (var problem in Results.ReadmeResults.Check(readme, Results.ResultsFile.PathIn(repo), Results.ReadmeResults.CourseNotebooks(repo),
                         Path.GetRelativePath(Environment.CurrentDirectory, readme)))
            {
                problems++;
                Console.WriteLine(problem);
            }
        }
        Console.WriteLine(problems == 0 ? $"lint: {files} notebook(s), no problems" : $"lint: {problems} problem(s) in {files} notebook(s)");
        return problems == 0 ? 0 : 1;
    }
}
