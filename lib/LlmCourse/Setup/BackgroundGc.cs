using System.Runtime;

namespace LlmCourse.Setup;

/// <summary>
/// Turns .NET's background (concurrent) garbage collection off for this process: a workaround for a crash in
/// TorchSharp 0.107.0 that aborts a run at random.
/// </summary>
/// <remarks>
/// Every implicit number in a tensor expression becomes a TorchSharp <c>Scalar</c>: the 0.5 of <c>x * 0.5</c>, and the
/// alpha = 1 that <c>a + b</c> and <c>a - b</c> pass to libtorch. Such a Scalar is never disposed; its finalizer frees
/// the native value, and TorchSharp passes its handle to the native op without keeping the managed object alive until
/// the op returns. If a collection runs while the op is inside libtorch, the finalizer can free the value libtorch is
/// about to read, and the process aborts ("Expected false to be true ... toFloat ... Scalar.h", or "Unknown scalar
/// type"). A background collection runs on its own thread and can start at any moment, also while the main thread is
/// inside libtorch. A blocking (non-concurrent) collection starts at an allocation, and in a lesson nearly all
/// allocation happens on the thread that calls libtorch, between ops. This narrows the race; it does not close it
/// (another thread that allocates can still start a collection): only a TorchSharp that keeps the Scalar alive across
/// the call can. Batch latency mode is the runtime switch for "no background GC" (a full collection then pauses the
/// program while it runs). Measured on 2 cores (2026-12-06): a loop of small ops (x * 0.5 + y, layer_norm) that also
/// allocates large arrays, as beam search does, aborted in 8 of 8 runs, within 9 to 38 s, with background GC on, and in
/// none of 6 runs of 30 to 60 s in batch mode; notebook 10's app aborted in 2 of 11 runs with background GC on and in
/// none of 8 with it off.
/// </remarks>
public static class BackgroundGc
{
    /// <summary>Background GC off (batch latency mode) for the rest of the process. Safe to call more than once.</summary>
    public static void TurnOff() => GCSettings.LatencyMode = GCLatencyMode.Batch;

    /// <summary>Whether background GC is off: batch mode, set here or by the runtime configuration (gcConcurrent false).</summary>
    public static bool IsOff => GCSettings.LatencyMode == GCLatencyMode.Batch;
}
