using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Basics;

/// <summary>
/// A labelled set of weather readings, generated from a seed: cloud cover (%), humidity (%), wind (km/h) and pressure
/// drop over the last 3 hours (hPa × 10), labelled 0 = sunny in an hour, 1 = rain in an hour
/// (<see cref="LeafFlowerExamples.Weather"/>'s names). Notebook 01 trains one network on these and on leaves and flowers.
/// </summary>
/// <remarks>
/// Made up for the course, not measured, and the label comes from a stated rule (<see cref="WillRain"/>), not from the
/// sky: rain when cloud/100 + humidity/100 + drop/40 ≥ 1.3. Wind is drawn but the rule ignores it, as a distractor.
/// Humidity and the pressure drop rise with the cloud cover, plus noise, so the inputs are correlated like real ones.
/// </remarks>
public sealed class WeatherData
{
    /// <summary>The rule's threshold on cloud/100 + humidity/100 + drop/40.</summary>
    public const double RainThreshold = 1.3;

    private WeatherData(double[,] features, long[] labels)
    {
        Features = features;
        Labels = labels;
    }

    /// <summary>(N, 4): cloud cover %, humidity %, wind km/h, pressure drop over 3 h (hPa × 10; negative = rising).</summary>
    public double[,] Features { get; }

    /// <summary>(N): 0 = sunny in an hour, 1 = rain in an hour, from <see cref="WillRain"/>.</summary>
    public long[] Labels { get; }

    public int Count => Labels.Length;

    /// <summary>The labelling rule: rain in an hour when cloud/100 + humidity/100 + pressureDrop/40 ≥ <see cref="RainThreshold"/>; wind plays no part.</summary>
    public static bool WillRain(double cloudCover, double humidity, double wind, double pressureDrop) =>
        cloudCover / 100 + humidity / 100 + pressureDrop / 40 >= RainThreshold;

    /// <summary><paramref name="count"/> readings drawn with <c>new Random(seed)</c>: the same seed gives the same data.</summary>
    public static WeatherData Generate(int count, int seed)
    {
        if (count < 1)
            throw new ArgumentOutOfRangeException(nameof(count), count, "Ask for at least one reading.");
        var random = new Random(seed);
        var features = new double[count, 4];
        var labels = new long[count];
        for (int n = 0; n < count; n++)
        {
            double cloud = Math.Round(100 * random.NextDouble());
            double humidity = Math.Clamp(Math.Round(35 + 0.5 * cloud + 12 * Normal(random)), 10, 100);
            double wind = Math.Round(12 * Math.Exp(0.5 * Normal(random)), 1);              // log-normal, median 12 km/h
            double drop = Math.Round(0.3 * (cloud - 50) + 12 * Normal(random));             // more cloud, more falling pressure
            features[n, 0] = cloud;
            features[n, 1] = humidity;
            features[n, 2] = wind;
            features[n, 3] = drop;
            labels[n] = WillRain(cloud, humidity, wind, drop) ? 1 : 0;
        }
        return new WeatherData(features, labels);
    }

    /// <summary>Features (N, 4) in <paramref name="dtype"/> and labels (N) as int64, the form cross_entropy takes.</summary>
    public (Tensor Features, Tensor Labels) ToTensors(Device? device = null, ScalarType dtype = ScalarType.Float64) =>
        (tensor(Features, dtype, device), tensor(Labels, ScalarType.Int64, device));

    /// <summary>A standard normal number by the Box–Muller transform (System.Random has none).</summary>
    private static double Normal(Random random)
    {
        double u1 = 1.0 - random.NextDouble();   // in (0, 1], so the log is finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
