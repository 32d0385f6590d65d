using Microsoft.DotNet.Interactive.Documents;
using Workbook.Results;
using Workbook.Tests.Infrastructure;

namespace Workbook.Tests.Results;

/// <summary>A notebook's headline results are the ✓/✗ lines of its last code cell, and only those.</summary>
public sealed class CheckLinesTests
{
    [Fact]
    public void OfExecutedNotebook_TakesTheLastCodeCellsCheckLines_InOrder()
    {
        var checks = CheckLines.OfExecutedNotebook(File.ReadAllText(TestPaths.Fixture("Results", "executed.ipynb")));

        Assert.Equal(
        [
            "✓ validation loss 1.8012 ≤ 1.88 (nanoGPT: 1.88)",
            "✗ printed: the reversal claim is not shown at this budget",
            "✓ one network, both readings ≥ 95 % (leaf/flower 98.0 %, weather 99.0 %)",
        ], checks);
    }

    [Fact]
    public void FromOutputs_IgnoresHtmlAndTextWithoutAMark()
    {
        var checks = CheckLines.FromOutputs(
        [
            new DisplayElement(new Dictionary<string, object> { ["text/html"] = "<pre>✓ inside html</pre>" }),
            new TextElement("loss 2.1\n  ✓ indented check\nno mark ✓ in the middle\n", "stdout"),
            new DisplayElement(new Dictionary<string, object> { ["text/plain"] = "42" }),
        ]);

        Assert.Equal(["✓ indented check"], checks);
    }
}
