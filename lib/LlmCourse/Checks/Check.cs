using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Checks;

/// <summary>Assertions for a notebook's check cells (d2l's check_shape): they throw, so the cell fails, or return a "✓" line to show.</summary>
public static class Check
{
    /// <summary>The tensor has exactly this shape, e.g. <c>Check.Shape(x, 2, 4)</c>.</summary>
    public static string Shape(Tensor tensor, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!tensor.shape.SequenceEqual(shape))
            throw new CheckFailedException($"Shape check failed: expected {Format(shape)}, found {Format(tensor.shape)}.");
        return $"✓ shape {Format(shape)}";
    }

    /// <summary>The condition holds; <paramref name="what"/> says what it means, in the learner's words.</summary>
    public static string That(bool condition, string what)
    {
        if (!condition)
            throw new CheckFailedException($"Check failed: {what}.");
        return $"✓ {what}";
    }

    /// <summary>|actual − expected| ≤ atol. NaN never passes.</summary>
    public static string Close(double actual, double expected, double atol, string what)
    {
        double difference = Math.Abs(actual - expected);
        // Written so that a NaN anywhere fails: every comparison with NaN is false.
        if (!(difference <= atol))
            throw new CheckFailedException(
                $"{what}: expected {Number(expected)} within {Number(atol)}, found {Number(actual)} (off by {Number(difference)}).");
        return $"✓ {what}: {Number(actual)} (expected {Number(expected)} ± {Number(atol)})";
    }

    /// <summary>Same length, and every number within atol of the other: for results computed by hand in plain arrays.</summary>
    public static string Close(double[] actual, double[] expected, double atol, string what)
    {
        double largest = LargestDifference(actual, expected, atol, what);
        return $"✓ {what}: {actual.Length} values agree, largest difference {Number(largest)} ≤ {Number(atol)}";
    }

    /// <summary>Same length and exactly the same numbers, bit for bit.</summary>
    public static string Equal(double[] actual, double[] expected, string what)
    {
        LargestDifference(actual, expected, 0.0, what);
        return $"✓ {what}: {actual.Length} values, exactly equal";
    }

    /// <summary>Same shape, and every element within atol of the other (devices and dtypes may differ). NaN never passes.</summary>
    public static string Close(Tensor actual, Tensor expected, double atol, string what)
    {
        double largest = LargestDifference(actual, expected, atol, what);
        return $"✓ {what}: {actual.numel()} values agree, largest difference {Number(largest)} ≤ {Number(atol)}";
    }

    /// <summary>Same shape and exactly the same values, compared as float64 (devices and dtypes may differ).</summary>
    public static string Equal(Tensor actual, Tensor expected, string what)
    {
        LargestDifference(actual, expected, 0.0, what);
        return $"✓ {what}: {actual.numel()} values, exactly equal";
    }

    /// <summary>The largest |actual − expected| over all elements; throws when shapes differ or it exceeds atol.</summary>
    private static double LargestDifference(Tensor actual, Tensor expected, double atol, string what)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (!actual.shape.SequenceEqual(expected.shape))
            throw new CheckFailedException($"{what}: expected shape {Format(expected.shape)}, found {Format(actual.shape)}.");
        if (actual.numel() == 0)
            return 0.0;

        using (NewDisposeScope())
        {
            // Compare in float64 on the CPU so the check adds no rounding of its own and works for tensors on any device.
            var a = actual.detach().to(ScalarType.Float64, CPU).flatten();
            var e = expected.detach().to(ScalarType.Float64, CPU).flatten();
            // A NaN in either tensor counts as an infinite difference, so it always fails.
            var difference = (a - e).abs().nan_to_num(nan: double.PositiveInfinity);
            long worst = difference.argmax().item<long>();
            double largest = difference[worst].item<double>();
            if (!(largest <= atol))
            {
                string at = Format(RowMajor.Unravel(worst, actual.shape));
                throw new CheckFailedException(
                    $"{what}: expected every element within {Number(atol)}, but at {at} found {Number(a[worst].item<double>())} "
                    + $"where {Number(e[worst].item<double>())} was expected (off by {Number(largest)}).");
            }
            return largest;
        }
    }

    private static double LargestDifference(double[] actual, double[] expected, double atol, string what)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (actual.Length != expected.Length)
            throw new CheckFailedException($"{what}: expected {expected.Length} values, found {actual.Length}.");
        double largest = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double difference = Math.Abs(actual[i] - expected[i]);
            // Written so that a NaN fails: every comparison with NaN is false.
            if (!(difference <= atol))
                throw new CheckFailedException(
                    $"{what}: expected every value within {Number(atol)}, but at [{i}] found {Number(actual[i])} "
                    + $"where {Number(expected[i])} was expected (off by {Number(difference)}).");
            largest = Math.Max(largest, difference);
        }
        return largest;
    }

    /// <summary>"[2, 3]": how shapes are written in messages.</summary>
    public static string Format(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";


    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
