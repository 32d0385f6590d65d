using Workbook.Commands;
using Workbook.Engines;

namespace Workbook.Tests.Cli;

/// <summary>`workbook run`'s options: --dry-run fixes the profile and device, takes --steps, records nothing, and reaches the notebook as COURSE_DRY_RUN.</summary>
public sealed class RunOptionsTests
{
    private static readonly RepoLayout Repo = new("/course");

    private static RunOptions Parse(params string[] args) => RunOptions.Parse(Repo, args);

    [Fact]
    public void Parse_DryRun_IsTheGpuProfileOnTheCpu_TwoStepsNothingRecorded()
    {
        var options = Parse("notebooks/07-gpt.dib", "--dry-run");

        Assert.Equal(("gpu", "cpu", 2, false), (options.Profile, options.Device, options.DryRunSteps, options.Record));
        Assert.Equal(["notebooks/07-gpt.dib"], options.Named);
        Assert.Equal(Path.Combine("/course", "artifacts", "dryrun"), options.Output);
    }

    [Fact]
    public void Parse_DryRunWithSteps_PutsCourseDryRunInTheNotebooksEnvironment()
    {
        var settings = Parse("--dry-run", "--steps", "5").Settings(console: null);

        Assert.Equal(5, settings.DryRunSteps);
        Assert.Equal("5", settings.Environment["COURSE_DRY_RUN"]);
        Assert.Equal("gpu", settings.Environment["COURSE_PROFILE"]);
        Assert.Equal("cpu", settings.Environment["COURSE_DEVICE"]);
        Assert.Equal("gpu dry run (5 steps)", settings.ProfileLabel);   // what the banner and the report show
    }

    [Theory]
    [InlineData("--profile", "gpu")]
    [InlineData("--profile", " GPU")]
    [InlineData("--device", "cpu")]
    public void Parse_DryRun_TakesTheProfileOrDeviceItFixes(string option, string value)
    {
        var options = Parse("--dry-run", option, value);

        Assert.Equal(("gpu", "cpu"), (options.Profile, options.Device));
    }

    [Theory]
    [InlineData("--profile", "cpu", "--profile cpu: --dry-run always runs the gpu profile's sizes (--profile gpu); leave --profile out")]
    [InlineData("--profile", "smoke", "--profile smoke: --dry-run always runs the gpu profile's sizes")]
    [InlineData("--device", "cuda", "--device cuda: --dry-run always runs on the CPU (--device cpu); leave --device out")]
    [InlineData("--device", "auto", "--device auto: --dry-run always runs on the CPU")]
    public void Parse_DryRunWithAnotherProfileOrDevice_IsAUsageError(string option, string value, string message)
    {
        var error = Assert.Throws<UsageException>(() => Parse("--dry-run", option, value));

        Assert.StartsWith(message, error.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("two")]
    [InlineData("1.5")]
    [InlineData("+2")]
    [InlineData("99999999999")]
    public void Parse_DryRunSteps_MustBeAPositiveWholeNumber(string steps)
    {
        var error = Assert.Throws<UsageException>(() => Parse("--dry-run", "--steps", steps));

        Assert.Equal($"--steps {steps}: give a positive whole number of steps for each loop of the dry run", error.Message);
    }

    [Fact]
    public void Parse_DryRunStepsWithoutAValue_IsAUsageError()
    {
        var error = Assert.Throws<UsageException>(() => Parse("--dry-run", "--steps"));

        Assert.Equal("--steps needs a value", error.Message);
    }

    [Fact]
    public void Parse_StepsWithoutDryRun_IsAUsageError()
    {
        var error = Assert.Throws<UsageException>(() => Parse("--profile", "cpu", "--steps", "3"));

        Assert.StartsWith("--steps 3 goes with --dry-run", error.Message);
    }

    [Fact]
    public void Parse_DryRunWithOut_WritesThere()
    {
        var options = Parse("--dry-run", "--out", "elsewhere", "--steps=1");

        Assert.Equal(Path.GetFullPath("elsewhere"), options.Output);
        Assert.Equal(1, options.DryRunSteps);
    }

    [Fact]
    public void Parse_RealRun_RecordsIntoTheReports_AndTakesCourseDryRunAwayFromTheNotebook()
    {
        var options = Parse("--profile", "smoke", "--device", "cpu", "--engine", "repl", "--timeout", "30");
        var settings = options.Settings(console: null);

        Assert.Equal(("smoke", "cpu", Engine.Repl, TimeSpan.FromSeconds(30), true), (options.Profile, options.Device, options.Engine, options.Timeout, options.Record));
        Assert.Null(options.DryRunSteps);
        Assert.Equal(Path.Combine("/course", "artifacts", "notebooks"), options.Output);
        // A null value removes the variable: a COURSE_DRY_RUN left in the shell must not cut a run that gets recorded.
        Assert.True(settings.Environment.TryGetValue("COURSE_DRY_RUN", out var dryRun));
        Assert.Null(dryRun);
        Assert.Equal("smoke", settings.ProfileLabel);
    }

    [Fact]
    public void Parse_NoRecord_IsAFlagWithoutValue()
    {
        var options = Parse("--no-record", "a.dib", "--profile", "cpu");

        Assert.False(options.Record);
        Assert.Equal(["a.dib"], options.Named);
    }
}
