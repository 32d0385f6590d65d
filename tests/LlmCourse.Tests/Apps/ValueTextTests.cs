using LlmCourse.Apps;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Apps;

/// <summary>How the exported apps print what a notebook displays.</summary>
[Collection("Sequential")]
public class ValueTextTests
{
    [Fact]
    public void Table_RecordsOfAnAnonymousType_AlignsColumnsInDeclarationOrder()
    {
        var rows = new[] { new { name = "a", loss = 1.5 }, new { name = "longer", loss = 12.25 } };
        string text = ValueText.Table(rows);
        string[] lines = text.Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("name  ", lines[0]);
        Assert.EndsWith("loss", lines[0]);
        Assert.Equal(lines[0].Length, lines[2].Length);        // padded to the same width
        Assert.EndsWith("  1.5", lines[2]);                     // numbers right-aligned
        Assert.StartsWith("longer", lines[3]);
        Assert.EndsWith("12.25", lines[3]);
    }

    [Fact]
    public void Of_Tensor_ShowsShapeDtypeAndValues()
    {
        using var x = ones(2, 3);
        string text = ValueText.Of(x);
        Assert.StartsWith("Tensor [2, 3] Float32 on cpu\n", text);
        Assert.Contains("1", text[text.IndexOf('\n')..]);
    }

    [Fact]
    public void Of_SequenceOfNumbers_IsOneLine_AndLongOnesAreCut()
    {
        Assert.Equal("[1, 2, 3]", ValueText.Of(new[] { 1, 2, 3 }));
        string many = ValueText.Of(Enumerable.Range(0, 100).ToArray());
        Assert.EndsWith(", … (100 items)]", many);
        Assert.DoesNotContain("99", many);
    }

    [Fact]
    public void Of_TextAndRecords_UseTheirOwnText()
    {
        Assert.Equal("✓ done", ValueText.Of("✓ done"));
        Assert.Equal("{ a = 1 }", ValueText.Of(new { a = 1 }));
        Assert.Equal("<null>", ValueText.Of(null));
    }
}
