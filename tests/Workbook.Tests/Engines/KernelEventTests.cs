using Workbook.Engines;

namespace Workbook.Tests.Engines;

/// <summary>The kernel's stdout lines, read as events (shapes copied from a dotnet-interactive 1.0.712001 session).</summary>
public sealed class KernelEventTests
{
    [Fact]
    public void TryParse_Event_ReadsTypeTokenAndFormattedValues()
    {
        const string line = """{"event":{"formattedValues":[{"mimeType":"text/plain","value":"hi\n","suppressDisplay":false},{"mimeType":"text/html","value":"<b>x</b>","suppressDisplay":true}],"valueId":"v1"},"eventType":"DisplayedValueProduced","command":{"token":"workbook-3.2","commandType":"SubmitCode","command":{"code":"1"},"routingSlip":[]},"routingSlip":[]}""";

        var e = KernelEvent.TryParse(line);

        Assert.NotNull(e);
        Assert.Equal(("DisplayedValueProduced", "workbook-3.2"), (e.Type, e.Token));
        Assert.Equal("v1", e.String("valueId"));
        Assert.Equal(new Dictionary<string, string> { ["text/plain"] = "hi\n" }, e.FormattedValues());   // suppressed values are left out
    }

    [Theory]
    [InlineData("workbook-3", true)]
    [InlineData("workbook-3.1", true)]       // a command the submission started (an #!import's cell)
    [InlineData("workbook-3.1.4", true)]
    [InlineData("workbook-31", false)]       // another submission
    [InlineData("workbook-4", false)]
    public void BelongsTo_TheSubmissionAndTheCommandsItStarted(string token, bool belongs)
    {
        var e = new KernelEvent("CommandSucceeded", token, default);

        Assert.Equal(belongs, e.BelongsTo("workbook-3"));
    }

    [Theory]
    [InlineData("Welcome to .NET Interactive!")]
    [InlineData("{not json")]
    [InlineData("""{"no":"eventType"}""")]
    public void TryParse_OtherText_IsNotAnEvent(string line)
    {
        Assert.Null(KernelEvent.TryParse(line));
    }

    [Fact]
    public void TryParse_KernelReady_HasNoToken()
    {
        var e = KernelEvent.TryParse("""{"event":{"kernelInfos":[]},"eventType":"KernelReady","command":null,"routingSlip":[]}""");

        Assert.Equal(("KernelReady", null), (e!.Type, e.Token));
    }
}
