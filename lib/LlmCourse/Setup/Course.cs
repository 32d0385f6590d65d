using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Setup;

/// <summary>
/// The run's profile and device, read from the environment so that no notebook is edited to change them.
/// COURSE_PROFILE = smoke | cpu | gpu (default cpu); COURSE_DEVICE = auto | cpu | cuda (default auto:
/// CUDA when the machine has an NVIDIA GPU and the CUDA backend is loaded, else the CPU).
/// </summary>
public static class Course
{
    public const string ProfileVariable = "COURSE_PROFILE";
    public const string DeviceVariable = "COURSE_DEVICE";

    private static readonly Lazy<Device> _device = new(ChooseDevice);

    /// <summary>The profile named by COURSE_PROFILE. Throws with the accepted values when it names none of them.</summary>
    public static CourseProfile Profile => ParseProfile(Environment.GetEnvironmentVariable(ProfileVariable));

    /// <summary>The device every tensor of the run lives on. Decided once, on first use.</summary>
    public static Device Device => _device.Value;

    /// <summary>One value per profile: <c>Course.Pick(smoke: 200, cpu: 5_000, gpu: 50_000)</c>.</summary>
    public static T Pick<T>(T smoke, T cpu, T gpu) => Profile switch
    {
        CourseProfile.Smoke => smoke,
        CourseProfile.Cpu => cpu,
        _ => gpu,
    };

    /// <summary>Seeds TorchSharp's generator (CPU and CUDA) and returns a <see cref="Random"/> with the same seed.</summary>
    public static Random Seed(int seed)
    {
        torch.random.manual_seed(seed);
        return new Random(seed);
    }

    /// <summary>What this run uses: profile, device, versions. Shown by every notebook's first cell.</summary>
    public static CourseEnvironment Describe() => new(
        Profile.ToString().ToLowerInvariant(),
        Device.ToString(),
        typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "?",
        torch.__version__,
        torch.get_num_threads(),
        Environment.Version.ToString());

    public static CourseProfile ParseProfile(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => CourseProfile.Cpu,
        "smoke" => CourseProfile.Smoke,
        "cpu" => CourseProfile.Cpu,
        "gpu" => CourseProfile.Gpu,
        _ => throw new ArgumentException(
            $"{ProfileVariable}='{value}' is not a profile. Use smoke, cpu or gpu (for example `./workbook run --profile smoke`), or unset it for cpu."),
    };

    private static Device ChooseDevice()
    {
        string choice = Environment.GetEnvironmentVariable(DeviceVariable)?.Trim().ToLowerInvariant() ?? "auto";
        switch (choice)
        {
            case "" or "auto":
                // Probe CUDA only where a driver is visible: with the CPU backend loaded, asking TorchSharp
                // about CUDA throws instead of answering false.
                return HasNvidiaDriver() && TryInitializeCuda(out _) ? CUDA : CPU;
            case "cpu":
                return CPU;
            case "cuda":
                if (TryInitializeCuda(out var why))
                    return CUDA;
                throw new InvalidOperationException(
                    $"{DeviceVariable}=cuda, but CUDA could not be initialised: {why} "
                    + "Run `./workbook setup --backend cuda` on a machine with an NVIDIA driver, or set COURSE_DEVICE=cpu.");
            default:
                throw new ArgumentException($"{DeviceVariable}='{choice}' is not a device. Use auto, cpu or cuda.");
        }
    }

    private static bool HasNvidiaDriver() => File.Exists("/proc/driver/nvidia/version") || File.Exists("/dev/nvidia0");

    private static bool TryInitializeCuda(out string why)
    {
        try
        {
            // The first TorchSharp call must be this one: once the CPU backend is loaded, CUDA cannot follow.
            torch.InitializeDeviceType(DeviceType.CUDA);
            why = "";
            if (torch.cuda.is_available())
                return true;
            why = "TorchSharp reports no CUDA device.";
            return false;
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or TypeInitializationException)
        {
            why = e.Message.Split('\n')[0];
            return false;
        }
    }
}

/// <summary>The run's settings, shown at the top of each notebook.</summary>
public sealed record CourseEnvironment(string Profile, string Device, string TorchSharp, string LibTorch, int Threads, string DotNet);
