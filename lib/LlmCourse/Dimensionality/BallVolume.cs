namespace LlmCourse.Dimensionality;

/// <summary>The volume of the n-dimensional ball of radius R: V_n(R) = π^(n/2) R^n / Γ(n/2 + 1).</summary>
/// <remarks>
/// The formula holds for every n ≥ 0 (V_0 = 1, a point; V_1(R) = 2R, a segment; V_2(R) = πR²; V_3(R) = 4πR³/3).
/// It is evaluated in logarithms with <see cref="LogGamma"/>, so n in the thousands stays finite. For R = 1 the
/// volume rises to its largest value at n = 5 (≈ 5.264) and then falls towards 0 faster than any exponential.
/// </remarks>
public static class BallVolume
{
    /// <summary>ln V_n(R) for n ≥ 0 and R &gt; 0.</summary>
    public static double LogOf(int dimension, double radius)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        if (!(radius > 0) || double.IsPositiveInfinity(radius))
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "The radius must be finite and above 0.");
        double half = dimension / 2.0;
        return half * Math.Log(Math.PI) + dimension * Math.Log(radius) - LogGamma.Of(half + 1);
    }

    /// <summary>V_n(R); can underflow to 0 or overflow to +∞ for extreme n and R, like the true value in a double.</summary>
    public static double Of(int dimension, double radius = 1.0) => Math.Exp(LogOf(dimension, radius));

    /// <summary>The dimension in 1 … <paramref name="maxDimension"/> whose ball of this radius has the largest volume.</summary>
    public static int LargestDimension(double radius = 1.0, int maxDimension = 1_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDimension, 1);
        return Enumerable.Range(1, maxDimension).MaxBy(n => LogOf(n, radius));
    }
}
