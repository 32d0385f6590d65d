namespace LlmCourse.Tests;

/// <summary>Tests that touch TorchSharp's process-wide state (the RNG, the dispose-scope counters, environment
/// variables) join this collection, which never runs in parallel with any other test.</summary>
[CollectionDefinition("Sequential", DisableParallelization = true)]
public sealed class SequentialCollection;
