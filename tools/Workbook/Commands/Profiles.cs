namespace Workbook.Commands;

/// <summary>The course's profiles and devices, as notebooks receive them (COURSE_PROFILE, COURSE_DEVICE).</summary>
public static class Profiles
{
    public static readonly string[] Names = ["smoke", "cpu", "gpu"];
    public static readonly string[] Devices = ["auto", "cpu", "cuda"];

    /// <summary>The profile from --profile, else COURSE_PROFILE, else cpu; checked, with the source named when it is wrong.</summary>
    public static string Choose(string? option)
    {
        string? variable = Environment.GetEnvironmentVariable("COURSE_PROFILE");
        string source = option is not null ? "--profile " : "COURSE_PROFILE=";
        string profile = (option ?? (string.IsNullOrWhiteSpace(variable) ? "cpu" : variable)).Trim().ToLowerInvariant();
        return Names.Contains(profile) ? profile : throw new UsageException($"{source}{profile} is not a profile: use smoke, cpu or gpu");
    }

    /// <summary>The device from --device, else COURSE_DEVICE; null when neither is set (the notebook's default, auto).</summary>
    public static string? ChooseDevice(string? option)
    {
        string? variable = Environment.GetEnvironmentVariable("COURSE_DEVICE");
        string? device = option ?? (string.IsNullOrWhiteSpace(variable) ? null : variable);
        if (device is null)
            return null;
        string source = option is not null ? "--device " : "COURSE_DEVICE=";
        device = device.Trim().ToLowerInvariant();
        return Devices.Contains(device) ? device : throw new UsageException($"{source}{device} is not a device: use auto, cpu or cuda");
    }
}
