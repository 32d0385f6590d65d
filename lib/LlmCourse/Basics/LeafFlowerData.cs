using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Basics;

/// <summary>A labelled set of leaves and flowers, generated from a seed, in notebook 01's units: red, green, blue (0–255) and volume (ml).</summary>
/// <remarks>
/// Made up for the course, not measured. Six kinds with their own typical colour and size: green and autumn leaves
/// (label 0), sunflowers, roses, lavender and daisies (label 1). Colour alone does not decide (autumn leaves are as
/// red as roses) and neither does size (lavender is as small as a leaf), so a network has to combine the inputs.
/// </remarks>
public sealed class LeafFlowerData
{
    /// <summary>One kind of object: its label, its typical colour and volume, and its share of the data.</summary>
    private sealed record Kind(string Name, long Label, double[] Colour, double ColourSpread, double Volume, double VolumeSpread, double Share);

    // Volumes are log-normal (always positive, a long tail of big ones): Volume is the median, VolumeSpread the sd of ln(volume).
    private static readonly Kind[] _kinds =
    [
        new("green leaf", 0, [60, 130, 55], 22, 8, 0.5, 0.35),
        new("autumn leaf", 0, [190, 105, 40], 28, 6, 0.5, 0.15),
        new("sunflower", 1, [235, 190, 30], 18, 110, 0.4, 0.15),
        new("rose", 1, [195, 35, 60], 25, 35, 0.4, 0.15),
        new("lavender", 1, [150, 120, 200], 20, 10, 0.5, 0.1),
        new("daisy", 1, [240, 235, 215], 12, 12, 0.4, 0.1),
    ];

    private LeafFlowerData(double[,] features, long[] labels, string[] kinds)
    {
        Features = features;
        Labels = labels;
        Kinds = kinds;
    }

    /// <summary>(N, 4): red, green, blue, volume (ml), one row per object.</summary>
    public double[,] Features { get; }

    /// <summary>(N): 0 = leaf, 1 = flower, the order of <see cref="LeafFlowerExamples.OutputNames"/>.</summary>
    public long[] Labels { get; }

    /// <summary>(N): what each object is ("autumn leaf", "rose", …), for tables; the network never sees it.</summary>
    public string[] Kinds { get; }

    public int Count => Labels.Length;

    /// <summary>The kinds the generator draws from, with their labels, in a fixed order.</summary>
    public static IReadOnlyList<(string Kind, string Label)> KindNames =>
        _kinds.Select(k => (k.Name, LeafFlowerExamples.OutputNames[k.Label])).ToArray();

    /// <summary><paramref name="count"/> objects drawn with <c>new Random(seed)</c>: the same seed gives the same data.</summary>
    public static LeafFlowerData Generate(int count, int seed)
    {
        if (count < 1)
            throw new ArgumentOutOfRangeException(nameof(count), count, "Ask for at least one object.");
        var random = new Random(seed);
        var features = new double[count, 4];
        var labels = new long[count];
        var kinds = new string[count];
        for (int n = 0; n < count; n++)
        {
            var kind = Pick(random);
            for (int c = 0; c < 3; c++)
                features[n, c] = Math.Clamp(Math.Round(kind.Colour[c] + kind.ColourSpread * Normal(random)), 0, 255);
            features[n, 3] = Math.Round(kind.Volume * Math.Exp(kind.VolumeSpread * Normal(random)), 1);
            labels[n] = kind.Label;
            kinds[n] = kind.Name;
        }
        return new LeafFlowerData(features, labels, kinds);
    }

    /// <summary>Features (N, 4) in <paramref name="dtype"/> and labels (N) as int64, the form cross_entropy takes.</summary>
    public (Tensor Features, Tensor Labels) ToTensors(Device? device = null, ScalarType dtype = ScalarType.Float64) =>
        (tensor(Features, dtype, device), tensor(Labels, ScalarType.Int64, device));

    private static Kind Pick(Random random)
    {
        double u = random.NextDouble(), cumulative = 0;
        foreach (var kind in _kinds)
        {
            cumulative += kind.Share;
            if (u < cumulative)
                return kind;
        }
        return _kinds[^1];   // the shares add up to 1; this only catches rounding
    }

    /// <summary>A standard normal number by the Box–Muller transform (System.Random has none).</summary>
    private static double Normal(Random random)
    {
        double u1 = 1.0 - random.NextDouble();   // in (0, 1], so the log is finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
