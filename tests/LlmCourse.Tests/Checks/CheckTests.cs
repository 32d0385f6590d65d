using LlmCourse.Checks;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Checks;

[Collection("Sequential")]
public class CheckTests
{
    [Fact]
    public void Shape_Matching_ReturnsTickLine()
    {
        using var x = zeros(2, 3);
        Assert.Equal("✓ shape [2, 3]", Check.Shape(x, 2, 3));
    }

    [Fact]
    public void Shape_Mismatch_ThrowsNamingBothShapes()
    {
        using var x = zeros(3, 2);
        var e = Assert.Throws<CheckFailedException>(() => Check.Shape(x, 2, 3));
        Assert.Contains("expected [2, 3]", e.Message);
        Assert.Contains("found [3, 2]", e.Message);
    }

    [Fact]
    public void Shape_DifferentRank_Throws()
    {
        using var x = zeros(6);
        Assert.Throws<CheckFailedException>(() => Check.Shape(x, 2, 3));
    }

    [Fact]
    public void That_True_ReturnsTheClaim()
    {
        Assert.Equal("✓ loss fell", Check.That(true, "loss fell"));
    }

    [Fact]
    public void That_False_ThrowsWithTheClaim()
    {
        var e = Assert.Throws<CheckFailedException>(() => Check.That(false, "loss fell"));
        Assert.Contains("loss fell", e.Message);
    }

    [Fact]
    public void CloseDouble_WithinTolerance_Passes()
    {
        string line = Check.Close(1.00005, 1.0, 1e-4, "gradient");
        Assert.StartsWith("✓ gradient", line);
    }

    [Fact]
    public void CloseDouble_OutsideTolerance_ThrowsWithExpectedAndFound()
    {
        var e = Assert.Throws<CheckFailedException>(() => Check.Close(1.5, 1.0, 1e-4, "gradient"));
        Assert.Contains("gradient", e.Message);
        Assert.Contains("expected 1 ", e.Message);
        Assert.Contains("found 1.5", e.Message);
    }

    [Fact]
    public void CloseDouble_NaN_Throws()
    {
        Assert.Throws<CheckFailedException>(() => Check.Close(double.NaN, 1.0, 1e9, "loss"));
    }

    [Fact]
    public void CloseTensor_WithinTolerance_PassesAcrossDtypes()
    {
        using var a = tensor(new[] { 1.0f, 2.0f, 3.0f });
        using var b = tensor(new[] { 1.0, 2.0000001, 3.0 });
        string line = Check.Close(a, b, 1e-6, "values");
        Assert.StartsWith("✓ values: 3 values agree", line);
    }

    [Fact]
    public void CloseTensor_OneElementOff_ThrowsWithItsIndex()
    {
        using var a = tensor(new double[,] { { 1, 2 }, { 3, 4 } });
        using var b = tensor(new double[,] { { 1, 2 }, { 3.5, 4 } });
        var e = Assert.Throws<CheckFailedException>(() => Check.Close(a, b, 1e-6, "hand vs matrix"));
        Assert.Contains("hand vs matrix", e.Message);
        Assert.Contains("at [1, 0]", e.Message);
        Assert.Contains("found 3 ", e.Message);
        Assert.Contains("3.5 was expected", e.Message);
    }

    [Fact]
    public void CloseTensor_DifferentShapes_ThrowsNamingBoth()
    {
        using var a = zeros(2, 3);
        using var b = zeros(3, 2);
        var e = Assert.Throws<CheckFailedException>(() => Check.Close(a, b, 1.0, "x"));
        Assert.Contains("expected shape [3, 2]", e.Message);
        Assert.Contains("found [2, 3]", e.Message);
    }

    [Fact]
    public void CloseTensor_NaN_Throws()
    {
        using var a = tensor(new[] { 1.0, double.NaN });
        using var b = tensor(new[] { 1.0, 2.0 });
        Assert.Throws<CheckFailedException>(() => Check.Close(a, b, 1e9, "x"));
    }

    [Fact]
    public void Equal_SameValues_SaysExactlyEqual()
    {
        using var a = tensor(new[] { 0.1, 0.2 });
        using var b = tensor(new[] { 0.1, 0.2 });
        Assert.Contains("exactly equal", Check.Equal(a, b, "x"));
    }

    [Fact]
    public void Equal_LastBitDiffers_Throws()
    {
        using var a = tensor(new[] { 0.1 + 0.2 });
        using var b = tensor(new[] { 0.3 });
        Assert.Throws<CheckFailedException>(() => Check.Equal(a, b, "x"));
    }

    [Fact]
    public void CloseTensor_LeavesNoTensorsBehind()
    {
        using var a = ones(4, 4);
        using var b = ones(4, 4);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Check.Close(a, b, 0.0, "x");
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void CloseArray_WithinTolerance_Passes()
    {
        Assert.StartsWith("✓ scores: 2 values agree", Check.Close([1.0, 2.0], [1.0, 2.0 + 1e-13], 1e-12, "scores"));
    }

    [Fact]
    public void CloseArray_OneValueOff_ThrowsWithItsPosition()
    {
        var e = Assert.Throws<CheckFailedException>(() => Check.Close([1.0, 2.0, 3.0], [1.0, 2.5, 3.0], 1e-6, "scores"));
        Assert.Contains("at [1] found 2 where 2.5 was expected", e.Message);
    }

    [Fact]
    public void CloseArray_DifferentLengths_Throws()
    {
        var e = Assert.Throws<CheckFailedException>(() => Check.Close([1.0], [1.0, 2.0], 1.0, "scores"));
        Assert.Contains("expected 2 values, found 1", e.Message);
    }

    [Fact]
    public void EqualArray_LastBitDiffers_Throws()
    {
        Assert.Throws<CheckFailedException>(() => Check.Equal([0.1 + 0.2], [0.3], "sum"));
        Assert.Contains("exactly equal", Check.Equal([0.1 + 0.2], [0.1 + 0.2], "sum"));
    }
}
