using LlmCourse.Checks;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Setup;

/// <summary>
/// The run's profile and device, read from the environment so that no notebook is edited to change them.
/// COURSE_PROFILE = smoke | cpu | gpu (default cpu); COURSE_DEVICE = auto | cpu | cuda (default auto:
/// CUDA when the machine has an NVIDIA GPU and the CUDA backend is loaded, else the CPU).
/// COURSE_DRY_RUN = N (unset by default) makes a dry run: the profile's sizes, every loop stopped after N steps
/// (<see cref="Steps"/>), learning targets shown but not enforced (<see cref="Target"/>). `./workbook run --dry-run`
/// uses it to execute the gpu profile's shapes and code paths on a CPU in minutes.
/// </summary>
public static class Course
{
    public const string ProfileVariable = "COURSE_PROFILE";
    public const string DeviceVariable = "COURSE_DEVICE";
    public const string DryRunVariable = "COURSE_DRY_RUN";

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

    /// <summary>
    /// The number of steps each loop stops after in a dry run (COURSE_DRY_RUN), or null in a real run. Throws when the
    /// variable is set to anything but a positive whole number.
    /// </summary>
    public static int? DryRunSteps => ParseDryRun(Environment.GetEnvironmentVariable(DryRunVariable));

    /// <summary>
    /// How many times a loop runs (training steps, epochs, evaluation batches, generated tokens): the profile's value,
    /// or at most <see cref="DryRunSteps"/> in a dry run. Sizes (widths, layers, context, vocabulary) use
    /// <see cref="Pick{T}"/>: a dry run keeps them, so that it executes the profile's shapes. <paramref name="atLeast"/>
    /// is the fewest a dry run may take where fewer make no sense (4-grams need texts of 4 tokens or more).
    /// </summary>
    public static int Steps(int smoke, int cpu, int gpu, int atLeast = 1) =>
        Math.Min(Pick(smoke, cpu, gpu), DryRunSteps is { } steps ? Math.Max(steps, atLeast) : int.MaxValue);

    /// <summary>
    /// Every item of a loop's source (batches of an epoch, sentences to translate), or only the first
    /// <see cref="DryRunSteps"/> of them in a dry run: <c>foreach (var batch in Course.Limit(batches))</c>.
    /// </summary>
    public static IEnumerable<T> Limit<T>(IEnumerable<T> items) => DryRunSteps is { } steps ? items.Take(steps) : items;

    /// <summary>
    /// A learning target (a loss reached, an accuracy beaten): a check, as <see cref="Check.That"/>, except in a dry run,
    /// where a few steps cannot be expected to reach it: there the line says whether it was reached, and a miss does not fail the cell.
    /// </summary>
    public static string Target(bool condition, string what) => (DryRunSteps, condition) switch
    {
        (null, _) => Check.That(condition, what),
        (_, true) => $"✓ {what}",
        ({ } steps, false) => $"· not reached in a dry run of {steps} steps per loop, and not enforced: {what}",
    };

    /// <summary>The profile's name, with "-dry-run" in a dry run: checkpoints are named by it, so a dry run never replaces a real run's file.</summary>
    public static string RunName => Profile.ToString().ToLowerInvariant() + (DryRunSteps is null ? "" : "-dry-run");

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
        Environment.Version.ToString(),
        DryRunSteps is { } steps ? $"{steps} steps per loop" : "off");

    public static int? ParseDryRun(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        return int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int steps) && steps > 0
            ? steps
            : throw new ArgumentException(
                $"{DryRunVariable}='{value}' is not a number of steps. Give a positive whole number (for example `./workbook run --dry-run --steps 2`), or unset it for a real run.");
    }

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
/// <param name="DryRun">"off" in a real run; in a dry run (COURSE_DRY_RUN), how many steps each loop stops after.</param>
public sealed record CourseEnvironment(string Profile, string Device, string TorchSharp, string LibTorch, int Threads, string DotNet, string DryRun);
