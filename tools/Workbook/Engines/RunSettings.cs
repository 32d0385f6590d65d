namespace Workbook.Engines;

/// <summary>How a notebook is run: the profile and device it sees, a time limit, and where progress goes.</summary>
/// <param name="Device">COURSE_DEVICE for the notebook; null leaves the variable as the environment has it.</param>
/// <param name="Timeout">The longest a notebook may run; null for no limit.</param>
/// <param name="Console">Live progress; null for silence.</param>
public sealed record RunSettings(string Profile, string? Device, TimeSpan? Timeout, TextWriter? Console)
{
    /// <summary>The variables the notebook's process gets on top of this process's environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment
    {
        get
        {
            var variables = new Dictionary<string, string?> { ["COURSE_PROFILE"] = Profile };
            if (Device is not null)
                variables["COURSE_DEVICE"] = Device;
            return variables;
        }
    }
}
