namespace LlmCourse.Checkpoints;

/// <summary>The file is not a readable safetensors file: too short, truncated, or a header that does not describe its bytes.</summary>
public sealed class CheckpointFormatException : IOException
{
    public CheckpointFormatException(string path, string problem)
        : base($"'{path}' is not a readable safetensors checkpoint: {problem} "
            + "Save it again; if it was copied or downloaded, the copy may have been cut short.")
    {
        Path = path;
    }

    public string Path { get; }
}

/// <summary>The checkpoint is readable but does not fit the model: every missing, unexpected, mis-shaped or mis-typed tensor is listed.</summary>
public sealed class CheckpointMismatchException : InvalidOperationException
{
    public CheckpointMismatchException(string path, IReadOnlyList<string> problems, string advice)
        : base($"The checkpoint '{path}' does not fit this model; its weights were left untouched. "
            + $"{problems.Count} problem{(problems.Count == 1 ? "" : "s")}:\n  - {string.Join("\n  - ", problems)}\n{advice}")
    {
        Path = path;
        Problems = problems;
    }

    public string Path { get; }

    /// <summary>One line per problem, e.g. "missing: transformer.h.3.ln_1.weight [128]".</summary>
    public IReadOnlyList<string> Problems { get; }
}

/// <summary>A checkpoint was not saved because what it would hold is broken (NaN weights, a NaN metric); the old file is kept.</summary>
public sealed class CheckpointRefusedException : InvalidOperationException
{
    public CheckpointRefusedException(string path, string problem)
        : base($"Refusing to save the checkpoint '{path}': {problem}. "
            + (File.Exists(path) ? $"The checkpoint already at '{path}' was left as it was. " : "Nothing was written. ")
            + "Fix the training (a lower learning rate, or rerun the training cell from a fresh model) and save again.")
    {
        Path = path;
    }

    public string Path { get; }
}
