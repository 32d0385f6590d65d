namespace Workbook.Commands;

/// <summary>The course's profiles and devices, as notebooks receive them (COURSE_PROFILE, COURSE_DEVICE).</summary>
public static class Profiles
{
    public static readonly string[] Names = ["smoke", "cpu", "gpu"];
    public static readonly string[] Devices = ["auto", "cpu", "cuda"];

    /// <summary>A profile name, checked; null means the default, cpu.</summary>
    public static string Check(string? profile, string source = "--profile")
    {
        profile = (profile ?? "cpu").Trim().ToLowerInvariant();
        return Names.Contains(profile) ? profile : throw new UsageException($"{source} {profile}: use smoke, cpu or gpu");
    }

    public static string? CheckDevice(string? device)
    {
        if (device is null)
            return null;
        device = device.Trim().ToLowerInvariant();
        return Devices.Contains(device) ? device : throw new UsageException($"device {device}: use auto, cpu or cuda");
    }
}
