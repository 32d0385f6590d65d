using Workbook.Export;

namespace Workbook.Tests.Export;

/// <summary>An app's output holds the checks its notebook's last cell showed, or the test names the one missing.</summary>
public sealed class AppRunnerTests
{
    [Fact]
    public void MissingChecks_SameText_IsNotMissing()
    {
        const string output = "starting\n✓ validation loss 2.3101 ≤ 2.50\nend\n";
        Assert.Empty(AppRunner.MissingChecks(["✓ validation loss 2.3101 ≤ 2.50"], output));
    }

    [Fact]
    public void MissingChecks_ADifferentNumber_IsMissing()
    {
        const string output = "✓ validation loss 2.3102 ≤ 2.50\n";
        Assert.Equal(["✓ validation loss 2.3101 ≤ 2.50"], AppRunner.MissingChecks(["✓ validation loss 2.3101 ≤ 2.50"], output));
    }

    [Fact]
    public void MissingChecks_ATimedCheck_ComparesWithItsNumbersMasked()
    {
        const string notebook = "✓ smoke: the KV cache is 1.84× faster at context 64 over 20 tokens (> 1; 310.2 against 168.5 tokens/s)";
        const string app = "✓ smoke: the KV cache is 2.10× faster at context 64 over 20 tokens (> 1; 290.0 against 138.1 tokens/s)\n";
        Assert.Empty(AppRunner.MissingChecks([notebook], app));
        Assert.Single(AppRunner.MissingChecks([notebook], "✓ smoke: the KV cache is 2.10× faster at context 128 over 20 tokens\n"));
    }

    [Fact]
    public void LogTail_GivesTheLastLines_AndNothingForAMissingLog()
    {
        string log = Path.Combine(Path.GetTempPath(), $"apprunner-{Guid.NewGuid():N}.log");
        File.WriteAllLines(log, Enumerable.Range(1, 40).Select(i => $"line {i}"));
        try
        {
            Assert.Equal(["line 38", "line 39", "line 40"], AppRunner.LogTail(log, 3));
            Assert.Equal(40, AppRunner.LogTail(log, 100).Count);
        }
        finally
        {
            File.Delete(log);
        }
        Assert.Empty(AppRunner.LogTail(log, 3));
    }
}
