using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Workbook.Documents;
using Workbook.Engines;

namespace Workbook.Lint;

/// <summary>One thing outside the portable subset, at a line of a file.</summary>
public sealed record LintProblem(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: error: {Message}";
}

/// <summary>
/// Checks a notebook against the portable subset of .dib that VS Code's kernel and dotnet-repl both run with the
/// same meaning: #!meta first with C# as the default kernel; only #!csharp and #!markdown cells; directives at
/// column 0 from the allowed set with pinned versions; C# 14 (what both tools' engine compiles); no top-level
/// `using var`; no kernel APIs beyond Formatting; relative paths only. Every package a notebook loads is checked
/// against the kernels (<see cref="KernelCompatibility"/>). Imported .dib files are checked too, in the order they
/// run, so a resolver installed by an imported cell counts for the #r lines after it.
/// </summary>
public sealed class NotebookLinter(IReadOnlyDictionary<string, string> packageVersions, Func<KernelCompatibility> kernels)
{
    private static readonly Regex IndentedDirective = new(@"^\s+#(?:!|[ri](?![A-Za-z0-9_]))");
    private static readonly Regex AbsolutePath = new(@"^(?:/(?:home|root|tmp|work|usr|opt|mnt|var|Users|workspaces)/|[A-Za-z]:\\|~/)");
    private static readonly Regex QuotedName = new(@"""([A-Za-z][A-Za-z0-9_.]*)""");
    private static readonly CSharpParseOptions Script = new(LanguageVersion.CSharp14, kind: SourceCodeKind.Script);

    private KernelCompatibility? _kernels;
    private string? _kernelsUnavailable;

    /// <summary>Versions from Directory.Packages.props; the kernels from the pinned tools and the notebook packages' restore.</summary>
    public static NotebookLinter ForRepository(RepoLayout repo)
    {
        var versions = System.Xml.Linq.XDocument.Load(repo.PackagesProps).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);
        return new NotebookLinter(versions, () =>
        {
            var kernel = DotnetTool.Kernel(repo);
            var repl = DotnetTool.Repl(repo);
            string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            return KernelCompatibility.Load(repo.CatalogueAssets,
                [(kernel.ToString(), kernel.InstallFolder), (repl.ToString(), repl.InstallFolder), ($".NET {Environment.Version}", framework)],
                kernel.TargetFramework);
        });
    }

    public List<LintProblem> Lint(string notebook)
    {
        var problems = new List<LintProblem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var resolved = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string directory = Path.GetDirectoryName(Path.GetFullPath(notebook))!;
        string name = Path.GetFileName(notebook);
        LintFile(Path.GetFullPath(notebook), directory, problems, seen, resolved, name);
        // The notebook's own problems first, then those of the files it imports; each in line order.
        return problems.OrderBy(p => p.File == name ? 0 : 1).ThenBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ToList();
    }

    private void LintFile(string path, string notebookDirectory, List<LintProblem> problems, HashSet<string> seen, HashSet<string> resolved, string shown)
    {
        if (!seen.Add(path))
            return;
        string text = File.ReadAllText(path);
        var lines = text.Split(["\r\n", "\n"], StringSplitOptions.None);
        void Report(int line, string message) => problems.Add(new LintProblem(shown, line, message));

        if (lines.Length == 0 || lines[0] != "#!meta")
            Report(1, "the first line must be #!meta (with kernelInfo.defaultKernelName \"csharp\"), as VS Code saves a .dib.");

        NotebookDocument document;
        try
        {
            document = NotebookDocument.Parse(text);
        }
        catch (NotebookFormatException e)
        {
            Report(1, e.Message);
            return;
        }
        if (lines.Length > 0 && lines[0] == "#!meta" && document.DefaultKernelName != NotebookCell.CSharp)
            Report(1, "#!meta must set kernelInfo.defaultKernelName to \"csharp\".");

        var aliases = NotebookDocument.KnownKernels().SelectMany(k => k.Aliases.Select(a => (Alias: a, k.Name)).Append((Alias: k.Name, k.Name)))
            .ToDictionary(p => p.Alias, p => p.Name, StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (!line.StartsWith("#!", StringComparison.Ordinal) || line.StartsWith("#!meta", StringComparison.Ordinal))
                continue;
            string name = line[2..];
            if (aliases.TryGetValue(name, out var kernel) && name != NotebookCell.CSharp && name != NotebookCell.Markdown)
                Report(i + 1, kernel is NotebookCell.CSharp or NotebookCell.Markdown
                    ? $"write #!{kernel}, not #!{name}: dotnet-repl does not treat every alias the same way."
                    : $"a #!{name} cell: course notebooks hold only #!csharp and #!markdown cells.");
        }

        foreach (var cell in document.Cells.Where(c => c.KernelName == NotebookCell.CSharp))
            LintCSharpCell(cell, notebookDirectory, problems, seen, resolved, Report);
    }

    private void LintCSharpCell(NotebookCell cell, string notebookDirectory, List<LintProblem> problems,
        HashSet<string> seen, HashSet<string> resolved, Action<int, string> report)
    {
        var cellLines = cell.Source.Split('\n');
        var (directiveProblems, packages) = DirectiveRules.Check(cell.Source);
        foreach (var (lineIndex, message) in directiveProblems)
            report(cell.FirstLine + lineIndex, message);
        // #r "nuget" lines are restored before any code of their cell runs, so only earlier cells' resolvers count.
        foreach (var (lineIndex, package) in packages)
            LintPackage(package, cell.FirstLine + lineIndex, resolved, report);
        if (cell.Source.Contains("AssemblyLoadContext", StringComparison.Ordinal) && cell.Source.Contains("Resolving", StringComparison.Ordinal))
            foreach (Match quoted in QuotedName.Matches(cell.Source))
                resolved.Add(quoted.Groups[1].Value);

        for (int i = 0; i < cellLines.Length; i++)
        {
            string line = cellLines[i];
            int at = cell.FirstLine + i;
            if (IndentedDirective.IsMatch(line))
                report(at, "a directive must start at column 0; indented, it is C# and fails to compile.");
            if (line.StartsWith("#load", StringComparison.Ordinal) || IsFileReference(line))
            {
                string target = line[(line.IndexOf(' ') + 1)..].Trim().Trim('"');
                if (Path.IsPathRooted(target) || target.StartsWith('~'))
                    report(at, $"'{target}' is an absolute path; paths are relative to the notebook's folder.");
            }
            else if (line.StartsWith("#i", StringComparison.Ordinal) && DirectiveRules.IsDirectiveLine(line) && !line.Contains("nuget:", StringComparison.Ordinal))
                report(at, "#i is a package-source directive; with a plain path it does not compile.");
            else if (line.StartsWith("#!import", StringComparison.Ordinal))
                LintImport(line, at, notebookDirectory, problems, seen, resolved, report);
        }

        // The code Roslyn would see: directive lines blanked so line numbers still match.
        string code = string.Join("\n", cellLines.Select(l => DirectiveRules.IsDirectiveLine(l) && !IsFileReference(l) ? "" : l));
        var tree = CSharpSyntaxTree.ParseText(code, Script);
        foreach (var diagnostic in tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
            report(cell.FirstLine + diagnostic.Location.GetLineSpan().StartLinePosition.Line, $"{diagnostic.Id}: {diagnostic.GetMessage()} (C# 14, as both tools compile it)");

        var root = tree.GetCompilationUnitRoot();
        // The script parser reads a top-level `using var x = …;` as a broken using directive (CS1002, no declaration
        // node); parsed as top-level statements it is the declaration it looks like, so the rule looks there.
        var statements = CSharpSyntaxTree.ParseText(code, Script.WithKind(SourceCodeKind.Regular)).GetCompilationUnitRoot();
        foreach (var global in statements.Members.OfType<GlobalStatementSyntax>())
        {
            if (global.Statement is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } local)
                report(cell.FirstLine + local.GetLocation().GetLineSpan().StartLinePosition.Line,
                    "a top-level `using var` is not allowed in a script cell; use a using (...) { } block that ends in the cell.");
        }
        foreach (var usingDirective in root.Usings)
        {
            string name = usingDirective.NamespaceOrType.ToString();
            if (name.StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal) && !name.StartsWith("Microsoft.DotNet.Interactive.Formatting", StringComparison.Ordinal))
                report(cell.FirstLine + usingDirective.GetLocation().GetLineSpan().StartLinePosition.Line,
                    $"using {name}: only Microsoft.DotNet.Interactive.Formatting is portable; display(x) and x.Display() need no using.");
        }
        foreach (var token in root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.StringLiteralToken)))
        {
            if (AbsolutePath.IsMatch(token.ValueText))
                report(cell.FirstLine + token.GetLocation().GetLineSpan().StartLinePosition.Line,
                    $"\"{token.ValueText}\" is an absolute path; use a path relative to the notebook's folder.");
        }
        foreach (var call in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (call.Expression.ToString().EndsWith("cuda.is_available", StringComparison.Ordinal))
                report(cell.FirstLine + call.GetLocation().GetLineSpan().StartLinePosition.Line,
                    "torch.cuda.is_available() throws when the CPU backend is loaded; use Course.Device.");
        }
    }

    /// <summary>#r "file.dll": a directive Roslyn itself handles.</summary>
    private static bool IsFileReference(string line) =>
        line.StartsWith("#r", StringComparison.Ordinal) && DirectiveRules.IsDirectiveLine(line)
        && !line[2..].Trim().Trim('"').TrimStart().StartsWith("nuget:", StringComparison.Ordinal);

    private void LintPackage(PackageReference package, int at, IReadOnlySet<string> resolved, Action<int, string> report)
    {
        if (!packageVersions.TryGetValue(package.Id, out var pinned))
        {
            report(at, $"{package.Id} is not one of the course's packages (Directory.Packages.props).");
            return;
        }
        if (package.Version != pinned)
        {
            report(at, $"{package.Id} {package.Version}: the course pins {pinned} (Directory.Packages.props).");
            return;
        }
        if (_kernelsUnavailable is null && _kernels is null)
        {
            try
            {
                _kernels = kernels();
            }
            catch (Exception e) when (e is ToolUnavailableException or FileNotFoundException)
            {
                _kernelsUnavailable = e.Message;
            }
        }
        if (_kernels is null)
        {
            report(at, $"{package.Id} cannot be checked against the notebook kernels: {_kernelsUnavailable}");
            return;
        }
        if (!_kernels.Packages.ContainsKey(package.Id))
        {
            report(at, $"{package.Id} is pinned but not in tools/NotebookReferences, so it is not restored with the course; add it there.");
            return;
        }
        foreach (var problem in _kernels.Check(package, resolved))
            report(at, problem);
    }

    private void LintImport(string line, int at, string notebookDirectory, List<LintProblem> problems, HashSet<string> seen, HashSet<string> resolved, Action<int, string> report)
    {
        string argument = line["#!import".Length..].Trim();
        if (argument.StartsWith("--file", StringComparison.Ordinal))
            argument = argument["--file".Length..].Trim();
        argument = argument.Trim('"');
        if (Path.IsPathRooted(argument) || argument.StartsWith('~'))
        {
            report(at, $"#!import {argument}: use a path relative to the notebook's folder.");
            return;
        }
        string extension = Path.GetExtension(argument).ToLowerInvariant();
        if (extension is not (".dib" or ".cs" or ".csx"))
        {
            report(at, $"#!import {argument}: only .dib, .cs and .csx files are imported in course notebooks.");
            return;
        }
        string target = Path.GetFullPath(argument, notebookDirectory);
        if (!File.Exists(target))
        {
            // backend.dib is written by ./workbook setup on each machine, never committed.
            if (!argument.Replace('\\', '/').EndsWith("setup/backend.dib", StringComparison.Ordinal))
                report(at, $"#!import {argument}: no such file (paths are relative to the notebook's folder).");
            return;
        }
        if (extension == ".dib")
            LintFile(target, notebookDirectory, problems, seen, resolved, Path.GetRelativePath(notebookDirectory, target));
    }
}
