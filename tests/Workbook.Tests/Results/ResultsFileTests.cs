using Workbook.Results;

namespace Workbook.Tests.Results;

/// <summary>The committed results file: sorted keys, readable characters, one record per profile and notebook, read back as written.</summary>
public sealed class ResultsFileTests
{
    internal static NotebookRecord Record(double seconds, string sha = "aaa", params string[] checks) => new()
    {
        Checks = checks.Length == 0 ? ["✓ val loss 1.80 ≤ 1.88"] : checks,
        Commit = "0123456789abcdef0123456789abcdef01234567",
        Cores = 2,
        Device = "cpu",
        DibSha256 = sha,
        Dirty = false,
        Engine = "dotnet-repl (0.3.259)",
        LoadEnd = 2.5,
        LoadStart = 1.25,
        RecordedBy = "./workbook run",
        Seconds = seconds,
        StartedUtc = "2026-12-06T15:28:14Z",
    };

    [Fact]
    public void ToJson_SortsProfilesNotebooksAndKeys_AndKeepsUnicode()
    {
        var file = new ResultsFile();
        file.Set("smoke", "07-gpt", Record(61));
        file.Set("cpu", "07-gpt", Record(250));
        file.Set("cpu", "01-a-neural-network-by-hand", Record(35));

        string json = file.ToJson();

        Assert.True(json.IndexOf("\"cpu\"", StringComparison.Ordinal) < json.IndexOf("\"smoke\"", StringComparison.Ordinal));
        Assert.True(json.IndexOf("01-a-neural", StringComparison.Ordinal) < json.IndexOf("07-gpt", StringComparison.Ordinal));
        var keys = System.Text.RegularExpressions.Regex.Matches(json.Split("\"07-gpt\"")[1], "^      \"([a-z_0-9]+)\":", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Contains("commit", keys);
        Assert.Contains("\"✓ val loss 1.80 ≤ 1.88\"", json);
        Assert.EndsWith("}\n", json);
        Assert.DoesNotContain("\r", json);
    }

    [Fact]
    public void Parse_ReadsBackWhatWasWritten()
    {
        var file = new ResultsFile();
        file.Set("cpu", "07-gpt", Record(250.4));

        var read = ResultsFile.Parse(file.ToJson());

        Assert.Equal(file.ToJson(), read.ToJson());
        Assert.Equal(250.4, read.Get("cpu", "07-gpt")!.Seconds);
        Assert.Equal("2026-12-06", read.Get("cpu", "07-gpt")!.Date);
        Assert.Null(read.Get("gpu", "07-gpt"));
    }

    [Fact]
    public void Parse_NotJson_SaysWhichFileAndWhatToDo()
    {
        var e = Assert.Throws<ResultsFileException>(() => ResultsFile.Parse("{ \"cpu\": [", "notebooks/results.json"));
        Assert.StartsWith("notebooks/results.json is not a results file", e.Message);
    }
}
