using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Html;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive.Formatting;
using Workbook.Documents;
using Workbook.Kernel;

namespace Workbook.Execution;

/// <summary>
/// Runs the C# cells of one notebook in one Roslyn script session, with the semantics of .NET Interactive's
/// C# kernel (src/Microsoft.DotNet.Interactive.CSharp/CSharpKernel.cs) restricted to what dotnet-repl shares:
/// C# 13, the six default imports, state carried from cell to cell, a failed cell not stopping the rest.
/// Relative paths (#r, #load, #!import, files the code opens) resolve against the working directory, which
/// the caller sets to the notebook's folder, as VS Code does.
/// </summary>
public sealed class NotebookSession
{
    /// <summary>The namespaces every cell sees without a using directive (CSharpKernel's AddImports).</summary>
    public static readonly ImmutableArray<string> DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    private static readonly MethodInfo HasReturnValueMethod =
        typeof(Script).GetMethod("HasReturnValue", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingMethodException("Roslyn's Script.HasReturnValue() is gone; the runner cannot tell a trailing expression.");

    private readonly string _workingDirectory;
    private readonly Func<PackageCatalog> _catalog;
    private readonly TextWriter? _echo;
    private readonly Dictionary<string, string> _packages = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (string File, int FirstLine)> _submissionSources = [];
    private readonly Stack<string> _imports = new();
    private ScriptOptions _options;
    private ScriptState<object>? _state;
    private OutputCapture? _capture;
    private CellRun? _current;
    private int _submissions;

    /// <param name="workingDirectory">The notebook's folder: base of every relative path.</param>
    /// <param name="catalog">Loads the package catalogue on the first #r "nuget" line.</param>
    /// <param name="echo">Where a cell's output is echoed live; null for none.</param>
    public NotebookSession(string workingDirectory, Func<PackageCatalog> catalog, TextWriter? echo = null)
    {
        _workingDirectory = Path.GetFullPath(workingDirectory);
        _catalog = catalog;
        _echo = echo;
        _options = ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.CSharp13)
            .WithImports(DefaultImports)
            .WithReferences(
                typeof(Enumerable).Assembly,
                typeof(IEnumerable<>).Assembly,
                typeof(Task<>).Assembly,
                typeof(Formatter).Assembly,
                typeof(IHtmlContent).Assembly,
                typeof(NotebookKernel).Assembly)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(_workingDirectory))
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, _workingDirectory))
            .WithEmitDebugInformation(true)   // so an exception's stack trace has line numbers
            .WithFileEncoding(System.Text.Encoding.UTF8);
        ConfigureFormatter();
    }

    /// <summary>Formatter defaults of the .NET Interactive kernel in a browser front end (KernelBuilder.cs).</summary>
    private static void ConfigureFormatter()
    {
        Formatter.ResetToDefault();
        Formatter.DefaultMimeType = HtmlFormatter.MimeType;
        Formatter.SetPreferredMimeTypesFor(typeof(string), PlainTextFormatter.MimeType);
    }

    /// <summary>How stack traces name the notebook itself, e.g. "01-a-neural-network-by-hand.dib".</summary>
    public string NotebookName { get; init; } = "notebook";

    /// <summary>Runs one cell. Never throws for the cell's own failures: they are recorded in the result.</summary>
    public async Task<CellRun> RunCellAsync(DibCell cell, int number)
    {
        var run = new CellRun(number, cell) { Started = DateTimeOffset.Now };
        if (cell.KernelName == DibParser.Markdown)
        {
            run.Ended = run.Started;
            return run;
        }
        using (_capture = new OutputCapture(run, _echo))
        {
            _current = run;
            try
            {
                if (cell.KernelName != DibParser.CSharp)
                    Fail($"This cell's kernel is '{cell.KernelName}'. The workbook runner, like the course, runs only #!csharp cells (and shows #!markdown).", cell.FirstLine);
                else
                    await RunCSharpAsync(cell.Source, cell.FirstLine, "");
            }
            catch (Exception e)
            {
                // A bug of the runner's, not of the cell's: still report it against the cell and carry on.
                Fail($"The runner failed on this cell: {e}", cell.FirstLine);
            }
            finally
            {
                _current = null;
            }
        }
        _capture = null;
        run.Ended = DateTimeOffset.Now;
        return run;
    }

    /// <summary>Runs C# cell text: directives first, then its code and magic commands in order. False when it failed.</summary>
    /// <param name="file">The file the text comes from, relative to the notebook's folder; "" for the notebook itself.</param>
    private async Task<bool> RunCSharpAsync(string source, int firstLine, string file)
    {
        var syntax = CellSyntax.Parse(source);
        if (syntax.Errors.Count > 0)
        {
            foreach (var error in syntax.Errors)
                _capture!.Add(new ErrorOutput("Error", error.Message, []));
            Fail(syntax.Errors[0].Message, firstLine + syntax.Errors[0].LineIndex, file, record: false);
            return false;
        }
        if (syntax.Packages.Count > 0 && !await AddPackagesAsync(syntax.Packages, firstLine, file))
            return false;

        foreach (var step in syntax.Steps)
        {
            bool ok = step switch
            {
                CodeStep code => await SubmitAsync(code.Code, firstLine + code.LineIndex, file),
                MagicStep magic => await RunMagicAsync(magic, firstLine + magic.LineIndex, file),
                _ => throw new UnreachableException(),
            };
            if (!ok)
                return false;
        }
        return true;
    }

    /// <summary>#r "nuget" lines: resolved together before the cell's code, as .NET Interactive hoists them.</summary>
    private async Task<bool> AddPackagesAsync(List<PackageReference> requests, int firstLine, string file)
    {
        var added = new List<ResolvedPackage>();
        foreach (var request in requests)
        {
            if (_packages.TryGetValue(request.Id, out var previous))
            {
                if (previous.Equals(request.Version, StringComparison.OrdinalIgnoreCase))
                    continue;
                Fail($"{request.Id} version {request.Version} cannot be added because version {previous} was added previously.", firstLine, file);
                return false;
            }
            try
            {
                added.Add(_catalog().Resolve(request));
            }
            catch (PackageResolutionException e)
            {
                Fail(e.Message, firstLine, file);
                return false;
            }
        }
        if (added.Count == 0)
            return true;

        foreach (var package in added)
        {
            _packages[package.Id] = package.Version;
            _options = _options.AddReferences(package.Assemblies);
            PackageAssemblyResolver.Add(package.Assemblies);
        }
        string items = string.Concat(added.Select(p =>
            $"<li><span>{System.Net.WebUtility.HtmlEncode($"{p.Id}, {p.Version}")}</span>{(p.Note is null ? "" : $"<br/><i>{System.Net.WebUtility.HtmlEncode(p.Note)}</i>")}</li>"));
        _capture!.Add(new DisplayOutput(new Dictionary<string, string>
        {
            ["text/html"] = $"<div><div><strong>Installed Packages</strong><ul>{items}</ul></div></div>",
            ["text/plain"] = "Installed Packages: " + string.Join("; ", added.Select(p => $"{p.Id}, {p.Version}")),
        }));

        foreach (var shim in added.Select(p => p.Shim).OfType<string>().Distinct())
        {
            if (!await SubmitAsync(ReadShim(shim), 1, $"(runner extension {shim}.csx)"))
                return false;
        }
        return true;
    }

    private static string ReadShim(string name)
    {
        using var stream = typeof(NotebookSession).Assembly.GetManifestResourceStream($"Workbook.Shims.{name}.csx")
            ?? throw new InvalidOperationException($"The runner lacks its {name} extension.");
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>Compiles and runs one submission in the session. False when it failed (compile error or exception).</summary>
    private async Task<bool> SubmitAsync(string code, int firstLine, string file)
    {
        // Each submission gets its own name in the notebook's folder: Roslyn resolves #load and #r against the
        // folder of the submission's path, and the name maps stack-trace lines back to the notebook.
        string path = Path.Combine(_workingDirectory, $"submission#{++_submissions}");
        _submissionSources[path] = (file, firstLine);
        var options = _options.WithFilePath(path);
        try
        {
            _state = _state is null
                ? await CSharpScript.RunAsync("using static Workbook.Kernel.NotebookKernel;", options)
                : _state;
            _state = await _state.ContinueWithAsync(code, options, catchException: _ => true);
        }
        catch (CompilationErrorException e)
        {
            var errors = e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            // .NET Interactive's message: each diagnostic as "(line,col): error CSxxxx: text", lines relative to the cell.
            string message = string.Join("\n", errors.Select(FormatDiagnostic));
            _capture!.Add(new ErrorOutput("Error", message, []));
            var first = errors.FirstOrDefault();
            int line = first is null ? firstLine : firstLine + first.Location.GetLineSpan().StartLinePosition.Line;
            Fail(first is null ? message : $"{first.Id}: {first.GetMessage()}", line, file, record: false);
            return false;
        }

        if (_state.Exception is { } exception)
        {
            var at = FindScriptLine(exception);
            string trace = MapScriptLocations(exception.ToString());
            _capture!.Add(new ErrorOutput("Error", trace, MapScriptLocations(exception.StackTrace ?? "").Split('\n').Select(l => l.TrimEnd('\r')).ToList()));
            Fail($"{exception.GetType().FullName}: {exception.Message}", at?.Line ?? firstLine, at?.File ?? file, record: false);
            return false;
        }

        if ((bool)HasReturnValueMethod.Invoke(_state.Script, null)! && _state.ReturnValue is not DisplayedValue)
        {
            var formatted = FormattedValue.CreateManyFromObject(_state.ReturnValue);
            _capture!.Add(new DisplayOutput(formatted.ToDictionary(v => v.MimeType, v => v.Value)));
        }
        return true;
    }

    /// <summary>Rewrites "…/submission#7:line 3" in a stack trace as the notebook line it came from ("line 42", "setup/course.dib:line 9").</summary>
    private string MapScriptLocations(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"(\S*submission#\d+):line (\d+)", match =>
            _submissionSources.TryGetValue(match.Groups[1].Value, out var source)
                ? $"{(source.File.Length == 0 ? NotebookName : source.File)}:line {source.FirstLine + int.Parse(match.Groups[2].Value) - 1}"
                : match.Value);

    private static string FormatDiagnostic(Diagnostic d)
    {
        var position = d.Location.GetLineSpan().StartLinePosition;
        return $"({position.Line + 1},{position.Character + 1}): {d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage()}";
    }

    /// <summary>The innermost frame of notebook code in an exception's stack, mapped to its file and line.</summary>
    private (string File, int Line)? FindScriptLine(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            foreach (var frame in new StackTrace(e, true).GetFrames())
            {
                if (frame.GetFileName() is { } name && _submissionSources.TryGetValue(name, out var source) && frame.GetFileLineNumber() > 0)
                    return (source.File, source.FirstLine + frame.GetFileLineNumber() - 1);
            }
        }
        return null;
    }

    private async Task<bool> RunMagicAsync(MagicStep magic, int line, string file)
    {
        switch (magic.Name)
        {
            case "import":
                return await ImportAsync(magic.Arguments, line, file);
            case "who":
            case "whos":
                ShowVariables(magic.Name == "whos");
                return true;
            case "about":
                var roslyn = typeof(CSharpScript).Assembly.GetName().Version;
                _capture!.Add(new DisplayOutput(new Dictionary<string, string>
                {
                    ["text/plain"] = $"workbook: the course's headless notebook runner (Roslyn scripting {roslyn}, C# 13, .NET {Environment.Version}).",
                }));
                return true;
            default:
                throw new UnreachableException(magic.Name);
        }
    }

    /// <summary>#!import runs another file's cells in this session; its path is relative to the working directory.</summary>
    private async Task<bool> ImportAsync(string arguments, int line, string file)
    {
        string argument = arguments.StartsWith("--file", StringComparison.Ordinal) ? arguments["--file".Length..].Trim() : arguments;
        argument = argument.Trim().Trim('"');
        if (argument.Length == 0)
        {
            Fail("#!import needs a file: #!import relative/path.dib", line, file);
            return false;
        }
        string path = Path.GetFullPath(argument, _workingDirectory);
        string shown = Path.GetRelativePath(_workingDirectory, path);
        if (!File.Exists(path))
        {
            string hint = path.EndsWith(Path.Combine("setup", "backend.dib"), StringComparison.Ordinal)
                ? " This file is written by ./workbook setup, which picks the TorchSharp backend (CPU or CUDA) for this machine: run it once."
                : "";
            Fail($"File not found: {shown} (resolved against the working directory {_workingDirectory}).{hint}", line, file);
            return false;
        }
        if (_imports.Contains(path))
        {
            Fail($"#!import {shown} imports itself (through {string.Join(" -> ", _imports.Reverse().Select(p => Path.GetRelativePath(_workingDirectory, p)))}).", line, file);
            return false;
        }

        _imports.Push(path);
        try
        {
            switch (Path.GetExtension(path).ToLowerInvariant())
            {
                case ".dib":
                    DibDocument document;
                    try
                    {
                        document = DibParser.ParseFile(path);
                    }
                    catch (DibFormatException e)
                    {
                        Fail($"{shown}: {e.Message}", line, file);
                        return false;
                    }
                    foreach (var cell in document.Cells)
                    {
                        if (cell.KernelName == DibParser.Markdown)
                            _capture!.Add(new DisplayOutput(new Dictionary<string, string> { ["text/markdown"] = cell.Source }));
                        else if (cell.KernelName != DibParser.CSharp)
                        {
                            Fail($"{shown}: a '{cell.KernelName}' cell; only #!csharp and #!markdown cells can be imported.", cell.FirstLine, shown);
                            return false;
                        }
                        else if (!await RunCSharpAsync(cell.Source, cell.FirstLine, shown))
                            return false;
                    }
                    return true;
                case ".cs":
                case ".csx":
                    return await RunCSharpAsync(File.ReadAllText(path).Replace("\r\n", "\n"), 1, shown);
                default:
                    Fail($"#!import {shown}: course notebooks import only .dib, .cs and .csx files.", line, file);
                    return false;
            }
        }
        finally
        {
            _imports.Pop();
        }
    }

    private void ShowVariables(bool withDetails)
    {
        var variables = (_state?.Variables ?? ImmutableArray<ScriptVariable>.Empty)
            .GroupBy(v => v.Name).Select(g => g.Last()).Where(v => !v.Name.StartsWith('<')).ToList();
        var data = new Dictionary<string, string>();
        if (!withDetails)
            data["text/plain"] = string.Join("\t", variables.Select(v => v.Name));
        else
        {
            string Encode(string s) => System.Net.WebUtility.HtmlEncode(s);
            string Value(object? value)
            {
                string text = value.ToDisplayString(PlainTextFormatter.MimeType);
                return text.Length > 200 ? text[..200] + "…" : text;
            }
            data["text/html"] = "<table><thead><tr><th>Variable</th><th>Type</th><th>Value</th></tr></thead><tbody>"
                + string.Concat(variables.Select(v => $"<tr><td>{Encode(v.Name)}</td><td>{Encode(v.Type.Name)}</td><td>{Encode(Value(v.Value))}</td></tr>"))
                + "</tbody></table>";
            data["text/plain"] = string.Join("\n", variables.Select(v => $"{v.Name}\t{v.Type.Name}\t{Value(v.Value)}"));
        }
        _capture!.Add(new DisplayOutput(data));
    }

    /// <summary>Marks the current cell failed; the first failure of a cell is the one reported.</summary>
    /// <param name="record">False when the caller already added the error output.</param>
    private void Fail(string message, int line, string file = "", bool record = true)
    {
        if (record)
            _capture?.Add(new ErrorOutput("Error", message, []));
        if (_current is null || _current.Failed)
            return;
        _current.Failed = true;
        _current.FailureSummary = message.Split('\n')[0];
        _current.FailureLine = line;
        _current.FailureFile = file.Length == 0 ? null : file;
    }
}
