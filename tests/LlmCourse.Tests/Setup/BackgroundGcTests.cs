using LlmCourse.Setup;

namespace LlmCourse.Tests.Setup;

/// <summary>Background GC stays off where course code runs: TorchSharp 0.107.0 can free an implicit Scalar mid-op otherwise.</summary>
[Collection("Sequential")]
public sealed class BackgroundGcTests
{
    [Fact]
    public void TestHost_RunsWithoutBackgroundGc()
    {
        // The test project sets ConcurrentGarbageCollection=false; the tests call TorchSharp millions of times.
        Assert.True(BackgroundGc.IsOff, $"GC latency mode is {System.Runtime.GCSettings.LatencyMode}, expected Batch.");
    }

    [Fact]
    public void TurnOff_LeavesBatchMode_AndCanBeCalledAgain()
    {
        BackgroundGc.TurnOff();
        BackgroundGc.TurnOff();
        Assert.Equal(System.Runtime.GCLatencyMode.Batch, System.Runtime.GCSettings.LatencyMode);
    }
}
