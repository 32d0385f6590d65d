using LlmCourse.Setup;

namespace LlmCourse.Tests.Setup;

/// <summary>COURSE_PROFILE picks the run's sizes. Tests that set it run one at a time and restore it.</summary>
[Collection("Sequential")]
public sealed class CourseTests
{
    [Theory]
    [InlineData("smoke", CourseProfile.Smoke)]
    [InlineData("SMOKE", CourseProfile.Smoke)]
    [InlineData("cpu", CourseProfile.Cpu)]
    [InlineData("Cpu", CourseProfile.Cpu)]
    [InlineData("gpu", CourseProfile.Gpu)]
    [InlineData(" GPU ", CourseProfile.Gpu)]
    [InlineData("", CourseProfile.Cpu)]
    [InlineData(null, CourseProfile.Cpu)]
    public void ParseProfile_KnownOrEmpty_GivesTheProfile(string? value, CourseProfile expected)
    {
        Assert.Equal(expected, Course.ParseProfile(value));
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("cuda")]
    [InlineData("smoke-test")]
    public void ParseProfile_Other_ThrowsNamingTheVariableAndTheAllowedValues(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => Course.ParseProfile(value));

        Assert.Contains("COURSE_PROFILE", error.Message);
        Assert.Contains($"'{value}'", error.Message);
        Assert.Contains("smoke, cpu or gpu", error.Message);
    }

    [Theory]
    [InlineData("smoke", 200)]
    [InlineData("cpu", 5_000)]
    [InlineData("gpu", 50_000)]
    [InlineData(null, 5_000)]
    public void Pick_EachProfile_ReturnsItsValue(string? profile, int expected)
    {
        using var _ = new Variable(Course.ProfileVariable, profile);

        Assert.Equal(expected, Course.Pick(smoke: 200, cpu: 5_000, gpu: 50_000));
        Assert.Equal(Course.ParseProfile(profile), Course.Profile);
    }

    [Fact]
    public void Pick_InvalidProfile_Throws()
    {
        using var _ = new Variable(Course.ProfileVariable, "huge");

        Assert.Throws<ArgumentException>(() => Course.Pick("s", "c", "g"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("2", 2)]
    [InlineData(" 10 ", 10)]
    public void ParseDryRun_UnsetOrPositive_GivesTheSteps(string? value, int? expected)
    {
        Assert.Equal(expected, Course.ParseDryRun(value));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("yes")]
    [InlineData("2.5")]
    public void ParseDryRun_Other_ThrowsNamingTheVariable(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => Course.ParseDryRun(value));

        Assert.Contains("COURSE_DRY_RUN", error.Message);
        Assert.Contains($"'{value}'", error.Message);
    }

    [Fact]
    public void Steps_DryRun_CapsLoopCountsAndKeepsSizes()
    {
        using var profile = new Variable(Course.ProfileVariable, "gpu");
        using var dryRun = new Variable(Course.DryRunVariable, "3");

        Assert.Equal(3, Course.Steps(smoke: 100, cpu: 1_000, gpu: 5_000));
        Assert.Equal(1, Course.Steps(smoke: 1, cpu: 1, gpu: 1));
        Assert.Equal(8, Course.Steps(smoke: 60, cpu: 300, gpu: 500, atLeast: 8));
        Assert.Equal(5, Course.Steps(smoke: 5, cpu: 5, gpu: 5, atLeast: 8));   // never more than the profile's own
        Assert.Equal(4096, Course.Pick(smoke: 256, cpu: 1024, gpu: 4096));   // a size: the gpu profile's
        Assert.Equal(new[] { 1, 2, 3 }, Course.Limit(Enumerable.Range(1, 100)).ToArray());
        Assert.Equal("gpu-dry-run", Course.RunName);
        Assert.Equal("3 steps per loop", Course.Describe().DryRun);
    }

    [Fact]
    public void Steps_RealRun_IsThePick()
    {
        using var profile = new Variable(Course.ProfileVariable, "cpu");
        using var dryRun = new Variable(Course.DryRunVariable, null);

        Assert.Equal(1_000, Course.Steps(smoke: 100, cpu: 1_000, gpu: 5_000));
        Assert.Equal(100, Course.Limit(Enumerable.Range(1, 100)).Count());
        Assert.Equal("cpu", Course.RunName);
        Assert.Equal("off", Course.Describe().DryRun);
    }

    [Fact]
    public void Target_MissedInARealRun_Fails_InADryRun_IsShownNotEnforced()
    {
        using (new Variable(Course.DryRunVariable, null))
        {
            Assert.Throws<LlmCourse.Checks.CheckFailedException>(() => Course.Target(false, "loss ≤ 1.88"));
            Assert.Equal("✓ loss ≤ 1.88", Course.Target(true, "loss ≤ 1.88"));
        }
        using (new Variable(Course.DryRunVariable, "2"))
        {
            string line = Course.Target(false, "loss ≤ 1.88");
            Assert.StartsWith("· not reached in a dry run of 2 steps per loop", line);
            Assert.EndsWith("loss ≤ 1.88", line);
            Assert.Equal("✓ loss ≤ 1.88", Course.Target(true, "loss ≤ 1.88"));
        }
    }

    /// <summary>Sets an environment variable for the test's duration and puts back what was there.</summary>
    private sealed class Variable : IDisposable
    {
        private readonly string _name;
        private readonly string? _saved;

        public Variable(string name, string? value)
        {
            _name = name;
            _saved = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose() => Environment.SetEnvironmentVariable(_name, _saved);
    }
}
