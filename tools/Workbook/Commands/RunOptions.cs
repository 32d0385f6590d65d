using System.Globalization;
using Workbook.Engines;

namespace Workbook.Commands;

/// <summary>
/// `workbook run`'s command line, checked: [NOTEBOOK...] [--engine E] [--profile P] [--device D] [--out DIR]
/// [--timeout SECONDS] [--no-record] [--dry-run [--steps N]]. A dry run runs the gpu profile's sizes on the CPU with every
/// loop stopped after N steps (COURSE_DRY_RUN), so its profile and device are fixed (an option naming another is a
/// mistake, and COURSE_PROFILE and COURSE_DEVICE are not read), it records nothing, and its reports go to artifacts/dryrun.
/// </summary>
/// <param name="Named">The notebooks as given (resolved by <see cref="NotebookFiles.Resolve"/>); empty for all of notebooks/.</param>
/// <param name="Record">Whether course notebooks that pass are recorded in notebooks/results.json.</param>
/// <param name="DryRunSteps">The steps each loop stops after in a dry run; null for a real run.</param>
public sealed record RunOptions(IReadOnlyList<string> Named, Engine Engine, string Profile, string? Device, string Output,
    TimeSpan? Timeout, bool Record, int? DryRunSteps)
{
    public const string DryRunFlag = "--dry-run";
    public const string NoRecordFlag = "--no-record";
    public const int DefaultDryRunSteps = 2;

    /// <summary>The profile and device a dry run always uses: the gpu profile's sizes, on the CPU of any machine.</summary>
    public const string DryRunProfile = "gpu";
    public const string DryRunDevice = "cpu";

    public static RunOptions Parse(RepoLayout repo, IReadOnlyList<string> args)
    {
        // Flags without a value are taken out first: Arguments knows only positional arguments and --name value options.
        bool dryRun = args.Contains(DryRunFlag);
        bool record = !args.Contains(NoRecordFlag) && !dryRun;
        var arguments = new Arguments(args.Where(a => a is not (NoRecordFlag or DryRunFlag)), "engine", "profile", "device", "out", "timeout", "steps");
        var engine = RunCommand.ParseEngine(arguments["engine"]);
        TimeSpan? timeout = arguments["timeout"] is { } seconds
            ? (int.TryParse(seconds, out var s) && s > 0 ? TimeSpan.FromSeconds(s) : throw new UsageException($"--timeout {seconds}: give whole seconds"))
            : null;
        if (!dryRun)
        {
            if (arguments["steps"] is { } steps)
                throw new UsageException($"--steps {steps} goes with {DryRunFlag}: a real run takes every loop's steps from its profile");
            return new RunOptions(arguments.Positional, engine, Profiles.Choose(arguments["profile"]), Profiles.ChooseDevice(arguments["device"]),
                Path.GetFullPath(arguments["out"] ?? repo.Reports), timeout, record, DryRunSteps: null);
        }
        Fixed("profile", arguments["profile"], DryRunProfile, "runs the gpu profile's sizes");
        Fixed("device", arguments["device"], DryRunDevice, "runs on the CPU");
        return new RunOptions(arguments.Positional, engine, DryRunProfile, DryRunDevice,
            Path.GetFullPath(arguments["out"] ?? repo.DryRunReports), timeout, record, ParseSteps(arguments["steps"]));
    }

    /// <summary>What the notebooks' processes see: profile, device, time limit and, in a dry run, COURSE_DRY_RUN.</summary>
    public RunSettings Settings(TextWriter? console) => new(Profile, Device, Timeout, console) { DryRunSteps = DryRunSteps };

    /// <summary>--steps N: a positive whole number, as the course's library accepts in COURSE_DRY_RUN; 2 when not given.</summary>
    private static int ParseSteps(string? value) => value is null
        ? DefaultDryRunSteps
        : int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int steps) && steps > 0
            ? steps
            : throw new UsageException($"--steps {value}: give a positive whole number of steps for each loop of the dry run");

    /// <summary>An option a dry run fixes may be given only with the value it fixes.</summary>
    private static void Fixed(string option, string? value, string only, string why)
    {
        if (value is not null && !value.Trim().Equals(only, StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--{option} {value}: {DryRunFlag} always {why} (--{option} {only}); leave --{option} out");
    }
}
