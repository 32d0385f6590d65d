namespace Workbook.Commands;

/// <summary>The course's profiles and devices, as the runner passes them to notebooks (COURSE_PROFILE, COURSE_DEVICE).</summary>
public static class Profiles
{
    public static readonly string[] Names = ["smoke", "cpu", "gpu"];
    public static readonly string[] Devices = ["auto", "cpu", "cuda"];

    public static string Check(string? profile)
    {
        profile = (profile ?? "cpu").ToLowerInvariant();
        return Names.Contains(profile) ? profile : throw new UsageException($"--profile {profile}: use smoke, cpu or gpu");
    }

    public static string? CheckDevice(string? device)
    {
        if (device is null)
            return null;
        device = device.ToLowerInvariant();
        return Devices.Contains(device) ? device : throw new UsageException($"--device {device}: use auto, cpu or cuda");
    }
}
