using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Workbook.Documents;

namespace Workbook.Results;

/// <summary>
/// A record made afterwards from a run's output folder (`./workbook run --out DIR`): DIR/NN-name.ipynb gives the
/// cells that ran, their outputs and times, and DIR/NN-name.html's header the engine, the profile and the run's
/// wall time. It is refused when the notebook's cells today differ from the cells that ran, when any cell failed
/// or did not run, or when the report names another profile. The commit and the cores are those at recording (the
/// run's are not in its output; its notebook is the same, checked cell by cell); the dirty flag, the device and the
/// load averages are not known.
/// </summary>
public static partial class OutputFolderRecord
{
    public static NotebookRecord Read(RepoLayout repo, string folder, string notebook, string profile)
    {
        string name = Path.GetFileNameWithoutExtension(notebook);
        string ipynb = Path.Combine(folder, name + ".ipynb");
        string html = Path.Combine(folder, name + ".html");
        string dib = Path.GetRelativePath(repo.Root, notebook);
        if (!File.Exists(ipynb))
            throw new ResultsFileException($"{ipynb} does not exist: no run of {name} in {folder}");
        if (!File.Exists(html))
            throw new ResultsFileException($"{html} does not exist: its header holds the run's engine, profile and wall time");

        var executed = Notebook.Parse(File.ReadAllText(ipynb), NotebookDocument.KnownKernels());
        var current = NotebookDocument.Load(notebook).Cells;
        var ran = executed.Elements.ToList();
        if (FirstDifference(current, ran) is { } cell)
            throw new ResultsFileException($"{dib} changed since {ipynb} was written (cell {cell} differs): the run is of an older version; run the notebook again");

        var code = ran.Select((e, i) => (Element: e, Number: i + 1)).Where(c => c.Element.KernelName != NotebookCell.Markdown).ToList();
        if (code.FirstOrDefault(c => c.Element.Outputs.OfType<ErrorElement>().Any()) is { Element: not null } failed)
            throw new ResultsFileException($"cell {failed.Number} of {ipynb} failed: only a run that passed is recorded");
        if (code.FirstOrDefault(c => Time(c.Element, "dotnet_repl_cellExecutionStartTime") is null) is { Element: not null } notRun)
            throw new ResultsFileException($"cell {notRun.Number} of {ipynb} did not run: only a complete run is recorded");

        var header = Header().Match(File.ReadAllText(html));
        if (!header.Success)
            throw new ResultsFileException($"{html} has no report header that ./workbook run writes (engine · profile · run · seconds)");
        string reportProfile = WebUtility.HtmlDecode(header.Groups["profile"].Value);
        if (reportProfile != profile)
            throw new ResultsFileException($"{html} is a run under {reportProfile}, not {profile}: give --profile {reportProfile}");
        if (!header.Groups["passed"].Success)
            throw new ResultsFileException($"{html} reports a run that did not pass: only a run that passed is recorded");

        return new NotebookRecord
        {
            Checks = CheckLines.FromOutputs(CheckLines.LastCodeCell(executed)!.Outputs),
            Commit = MachineState.Commit(repo.Root),
            Cores = Environment.ProcessorCount,
            Device = "not known",
            DibSha256 = MachineState.Sha256(notebook),
            Dirty = null,   // the run's tree is not in its output; the cells that ran are the notebook's today (checked above)
            Engine = WebUtility.HtmlDecode(header.Groups["engine"].Value),
            LoadEnd = null,
            LoadStart = null,
            // The folder is a path on the recording machine: the record names the command, not where its input lay.
            RecordedBy = "./workbook results record, from an earlier run's --out folder (commit and cores at recording; the notebook's cells checked equal to the run's)",
            Seconds = double.Parse(header.Groups["seconds"].Value, CultureInfo.InvariantCulture),
            StartedUtc = RunRecorder.Utc(Time(code[0].Element, "dotnet_repl_cellExecutionStartTime")!.Value),
        };
    }

    /// <summary>The number of the first cell (1-based) whose kernel or text differs, or null when the cells are the same.</summary>
    public static int? FirstDifference(IReadOnlyList<NotebookCell> current, IReadOnlyList<InteractiveDocumentElement> ran)
    {
        for (int i = 0; i < Math.Max(current.Count, ran.Count); i++)
        {
            if (i >= current.Count || i >= ran.Count)
                return i + 1;
            string ranKernel = ran[i].KernelName ?? NotebookCell.CSharp;
            if (current[i].KernelName != ranKernel || Normalize(current[i].Source) != Normalize(ran[i].Contents))
                return i + 1;
        }
        return null;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();

    private static DateTimeOffset? Time(InteractiveDocumentElement element, string key) =>
        element.Metadata is { } metadata && metadata.TryGetValue(key, out var value)
        && DateTimeOffset.TryParse(value?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : null;

    /// <summary>The header line <see cref="Reports.HtmlReport"/> writes: source · engine · profile · run time · seconds · outcome.</summary>
    [GeneratedRegex(@"<p class=""meta"">[^<]*? · (?<engine>[^<]*?) · profile <b>(?<profile>[^<]*)</b> · run [^<]*? · (?<seconds>\d+(?:\.\d+)?) s · (?:(?<passed><span class=""ok"">)|<span)")]
    private static partial Regex Header();
}
