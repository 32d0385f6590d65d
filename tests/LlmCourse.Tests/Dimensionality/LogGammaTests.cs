using LlmCourse.Dimensionality;

namespace LlmCourse.Tests.Dimensionality;

public sealed class LogGammaTests
{
    [Fact]
    public void Gamma_OneHalf_IsRootPi()
    {
        Assert.Equal(Math.Sqrt(Math.PI), LogGamma.Gamma(0.5), 13);
        Assert.Equal(0.5 * Math.Sqrt(Math.PI), LogGamma.Gamma(1.5), 13);   // Γ(3/2) = ½ Γ(½)
    }

    [Fact]
    public void Gamma_Integers_AreFactorials()
    {
        double factorial = 1;
        for (int n = 1; n <= 20; n++)
        {
            Assert.Equal(1.0, LogGamma.Gamma(n) / factorial, 12);          // Γ(n) = (n − 1)!, relative error
            factorial *= n;
        }
    }

    [Fact]
    public void Of_LargeArgument_MatchesStirlingAndRecurrence()
    {
        // ln Γ(x + 1) − ln Γ(x) = ln x for any x, including where Γ itself overflows a double.
        foreach (double x in new[] { 0.1, 2.5, 50.0, 400.0, 1e5 })
            Assert.Equal(Math.Log(x), LogGamma.Of(x + 1) - LogGamma.Of(x), 9);
        // Stirling's series for ln Γ(1000): (x − ½) ln x − x + ½ ln 2π + 1/(12x).
        double s = 999.5 * Math.Log(1000) - 1000 + 0.5 * Math.Log(2 * Math.PI) + 1.0 / 12_000;
        Assert.Equal(s, LogGamma.Of(1000), 8);
    }

    [Fact]
    public void Of_SmallArgument_UsesReflection()
    {
        // Γ(0.25) Γ(0.75) = π / sin(π/4) = π√2.
        Assert.Equal(Math.Log(Math.PI * Math.Sqrt(2)), LogGamma.Of(0.25) + LogGamma.Of(0.75), 12);
    }

    [Fact]
    public void Of_NonPositive_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LogGamma.Of(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LogGamma.Of(-1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LogGamma.Of(double.NaN));
    }
}
