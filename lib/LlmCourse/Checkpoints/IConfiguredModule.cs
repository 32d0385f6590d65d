namespace LlmCourse.Checkpoints;

/// <summary>
/// A module that knows the configuration it was built with. Its checkpoints store that configuration, and
/// <see cref="Checkpoint.Load"/> refuses a file whose stored configuration differs, even where every tensor shape
/// happens to agree (4 heads of 32 channels and 8 heads of 16 have the same weights' shapes but compute differently).
/// </summary>
public interface IConfiguredModule
{
    /// <summary>The configuration's type name, stored under <see cref="Checkpoint.ConfigTypeKey"/>, e.g. "GptConfig".</summary>
    string ConfigType { get; }

    /// <summary>The configuration as one JSON object, stored under <see cref="Checkpoint.ConfigKey"/>.</summary>
    string ConfigJson { get; }
}
