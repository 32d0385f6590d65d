using System.Globalization;

namespace Workbook.Results;

/// <summary>
/// How long the rest of a `./workbook run` should take: the sum of the last recorded wall times, under the run's
/// profile, of the notebooks still to run (the current one included). A notebook with no record adds nothing and is
/// counted apart, so the estimate never pretends to know its time.
/// </summary>
public sealed record RunEstimate(double Seconds, int Measured, int NotMeasured)
{
    public static RunEstimate Remaining(ResultsFile results, string profile, IEnumerable<string> notebookNames)
    {
        double seconds = 0;
        int measured = 0, notMeasured = 0;
        foreach (var name in notebookNames)
        {
            if (results.Get(profile, name) is { } record)
            {
                seconds += record.Seconds;
                measured++;
            }
            else
                notMeasured++;
        }
        return new RunEstimate(seconds, measured, notMeasured);
    }

    /// <summary>E.g. "ETA 12 min 5 s for the 3 notebooks left (ends about 16:58 UTC; 1 of them has no cpu record)".</summary>
    public string Describe(string profile, DateTimeOffset now)
    {
        int left = Measured + NotMeasured;
        if (Measured == 0)
            return $"ETA unknown: none of the {left} notebook(s) left has a {profile} record";
        string end = now.ToUniversalTime().AddSeconds(Seconds).ToString("HH:mm", CultureInfo.InvariantCulture);
        string unmeasured = NotMeasured == 0 ? "" : $"; {NotMeasured} of them {(NotMeasured == 1 ? "has" : "have")} no {profile} record, not counted";
        return $"ETA {Duration(Seconds)} for the {left} notebook(s) left (ends about {end} UTC{unmeasured})";
    }

    /// <summary>"45 s", "8 min 1 s", "1 h 2 min".</summary>
    public static string Duration(double seconds)
    {
        long s = (long)Math.Round(seconds);
        if (s < 60)
            return $"{s} s";
        if (s < 3600)
            return $"{s / 60} min {s % 60} s";
        return $"{s / 3600} h {s % 3600 / 60} min";
    }
}
