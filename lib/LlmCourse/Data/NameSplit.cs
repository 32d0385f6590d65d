namespace LlmCourse.Data;

/// <summary>Names shuffled with a fixed seed and cut into train, dev and test (80/10/10 by default).</summary>
/// <remarks>
/// The split is of whole names, before any windowing: every window of one name lands in the same part, so the dev and
/// test sets measure names the model has never seen (makemore part 2 does the same with random.seed(42)).
/// </remarks>
public sealed record NameSplit(IReadOnlyList<string> Train, IReadOnlyList<string> Dev, IReadOnlyList<string> Test)
{
    /// <summary>Shuffles a copy of <paramref name="names"/> with <c>new Random(seed)</c> and cuts it at the fractions.</summary>
    public static NameSplit Create(IReadOnlyList<string> names, int seed, double trainFraction = 0.8, double devFraction = 0.1)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (!(trainFraction > 0 && devFraction >= 0 && trainFraction + devFraction <= 1))
            throw new ArgumentException(
                $"Fractions train {trainFraction} and dev {devFraction} must be positive and add up to at most 1 (the rest is test).");

        var shuffled = names.ToArray();
        // Fisher–Yates with our own seeded generator: the same seed gives the same split on every machine and .NET version
        // that keeps System.Random's seeded sequence (it has been stable since .NET Framework).
        var random = new Random(seed);
        for (int i = shuffled.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }

        int trainEnd = (int)(trainFraction * shuffled.Length);
        int devEnd = (int)((trainFraction + devFraction) * shuffled.Length);
        return new NameSplit(shuffled[..trainEnd], shuffled[trainEnd..devEnd], shuffled[devEnd..]);
    }
}
