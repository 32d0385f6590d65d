namespace Workbook.Tests.Infrastructure;

/// <summary>
/// Tests that run notebook code in this process. A <see cref="Workbook.Execution.NotebookSession"/> swaps
/// Console.Out/Error, resets the Formatter, sets KernelOutput.Sink and runs with the notebook's folder as the
/// working directory: all process-global, so these tests never run at the same time as each other.
/// </summary>
[CollectionDefinition("Sequential")]
public sealed class SequentialCollection;
