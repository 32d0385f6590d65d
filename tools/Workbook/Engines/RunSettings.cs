namespace Workbook.Engines;

/// <summary>How a notebook is run: the profile and device it sees, a time limit, and where progress goes.</summary>
/// <param name="Device">COURSE_DEVICE for the notebook; null leaves the variable as the environment has it.</param>
/// <param name="Timeout">The longest a notebook may run; null for no limit.</param>
/// <param name="Console">Live progress; null for silence.</param>
public sealed record RunSettings(string Profile, string? Device, TimeSpan? Timeout, TextWriter? Console)
{
    /// <summary>The name of the environment variable that makes the course's library stop every loop after N steps.</summary>
    public const string DryRunVariable = "COURSE_DRY_RUN";

    /// <summary>
    /// COURSE_DRY_RUN for the notebook: the steps each loop stops after (`./workbook run --dry-run`); null for a real
    /// run, which then never inherits the variable from this process's environment, so a dry run is never mistaken for one.
    /// </summary>
    public int? DryRunSteps { get; init; }

    /// <summary>The profile as reports show it: a dry run says so, so that its report is not taken (or recorded) for a real run.</summary>
    public string ProfileLabel => DryRunSteps is { } steps ? $"{Profile} dry run ({steps} steps)" : Profile;

    /// <summary>The variables the notebook's process gets on top of this process's environment; a null value removes one.</summary>
    public IReadOnlyDictionary<string, string?> Environment
    {
        get
        {
            var variables = new Dictionary<string, string?>
            {
                ["COURSE_PROFILE"] = Profile,
                [DryRunVariable] = DryRunSteps?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            if (Device is not null)
                variables["COURSE_DEVICE"] = Device;
            return variables;
        }
    }
}
