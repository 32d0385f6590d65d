using System.Runtime;

namespace LlmCourse.Setup;

/// <summary>
/// Turns .NET's background (concurrent) garbage collection off for this process: a workaround for a crash in
/// TorchSharp 0.107.0 that aborts a run at random.
/// </summary>
/// <remarks>
/// Every implicit number in a tensor expression becomes a TorchSharp <c>Scalar</c>: the 0.5 of <c>x * 0.5</c>, and the
/// alpha = 1 that <c>a + b</c> and <c>a - b</c> pass to libtorch. Such a Scalar is never disposed; its finalizer frees the
/// native value, and TorchSharp passes its handle to the native op without keeping the managed object alive until the
/// op returns. If a collection runs while the op is inside libtorch, the finalizer can free the value libtorch is about
/// to read, and the process aborts with "Expected false to be true ... toFloat ... Scalar.h". A background collection
/// can start while the main thread is inside libtorch; a blocking (non-concurrent) collection starts only at an
/// allocation on the main thread, when no op is half-way. Notebook 10's beam search, which allocates large arrays and
/// so triggers many full collections, aborted in 1 of 3 runs as an app with background GC on and in none of 8 with it
/// off. Batch latency mode is the runtime switch for "no background GC"; it costs longer pauses, which a training loop
/// does not notice.
/// </remarks>
public static class BackgroundGc
{
    /// <summary>Background GC off (batch latency mode) for the rest of the process. Safe to call more than once.</summary>
    public static void TurnOff() => GCSettings.LatencyMode = GCLatencyMode.Batch;

    /// <summary>Whether background GC is off: batch mode, set here or by the runtime configuration (gcConcurrent false).</summary>
    public static bool IsOff => GCSettings.LatencyMode == GCLatencyMode.Batch;
}
