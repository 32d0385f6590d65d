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
        using var _ = new ProfileVariable(profile);

        Assert.Equal(expected, Course.Pick(smoke: 200, cpu: 5_000, gpu: 50_000));
        Assert.Equal(Course.ParseProfile(profile), Course.Profile);
    }

    [Fact]
    public void Pick_InvalidProfile_Throws()
    {
        using var _ = new ProfileVariable("huge");

        Assert.Throws<ArgumentException>(() => Course.Pick("s", "c", "g"));
    }

    /// <summary>Sets COURSE_PROFILE for the test's duration and puts back what was there.</summary>
    private sealed class ProfileVariable : IDisposable
    {
        private readonly string? _saved = Environment.GetEnvironmentVariable(Course.ProfileVariable);

        public ProfileVariable(string? value) => Environment.SetEnvironmentVariable(Course.ProfileVariable, value);

        public void Dispose() => Environment.SetEnvironmentVariable(Course.ProfileVariable, _saved);
    }
}
