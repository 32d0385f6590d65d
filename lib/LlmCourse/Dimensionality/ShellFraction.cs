namespace LlmCourse.Dimensionality;

/// <summary>The share of an n-ball's volume in its outer shell of thickness dR: 1 − (1 − dR/R)^n.</summary>
/// <remarks>
/// The inner ball of radius R − dR has volume V_n(R − dR) = V_n(R) (1 − dR/R)^n, because every volume in n
/// dimensions scales as the n-th power of length. So the shell's share does not depend on the Gamma function at all,
/// and it tends to 1 as n grows: in high dimensions almost all the volume is close to the surface.
/// </remarks>
public static class ShellFraction
{
    /// <summary>1 − (1 − dR/R)^n for n ≥ 0 and 0 ≤ dR ≤ R.</summary>
    public static double Of(int dimension, double radius, double thickness)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        if (!(radius > 0))
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "The radius must be above 0.");
        if (!(thickness >= 0 && thickness <= radius))
            throw new ArgumentOutOfRangeException(nameof(thickness), thickness, $"The shell's thickness must lie in [0, R] = [0, {radius}].");
        return 1 - Math.Pow(1 - thickness / radius, dimension);
    }

    /// <summary>The same share from the two ball volumes, 1 − V_n(R − dR) / V_n(R), for checking the closed form.</summary>
    public static double FromVolumes(int dimension, double radius, double thickness) =>
        thickness >= radius ? 1.0 : 1 - Math.Exp(BallVolume.LogOf(dimension, radius - thickness) - BallVolume.LogOf(dimension, radius));
}
