namespace Workbook.Tests.Infrastructure;

/// <summary>
/// Tests that start the real tools (a kernel or dotnet-repl, each a process that loads the engine, and often
/// TorchSharp): run one at a time, so two cores are not shared by several kernels and no test waits on another's.
/// </summary>
[CollectionDefinition("Engines")]
public sealed class EnginesCollection;
