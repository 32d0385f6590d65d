using LlmCourse.Checkpoints;
using static TorchSharp.torch;

namespace LlmCourse.Gpt;

/// <summary>A <see cref="GptModel"/> saved as safetensors with its <see cref="GptConfig"/> in the metadata, and rebuilt from it.</summary>
public static class GptCheckpoint
{
    /// <summary>Writes the model's weights (GPT-2's key names) and its config as JSON under the metadata key "config".</summary>
    public static void Save(GptModel model, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var all = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
        {
            [Checkpoint.ConfigKey] = model.Config.ToJson(),
            [Checkpoint.ConfigTypeKey] = nameof(GptConfig),
        };
        Checkpoint.Save(model, path, all);
    }

    /// <summary>The config stored in the checkpoint; throws when it has none.</summary>
    public static GptConfig ReadConfig(string path)
    {
        var header = SafeTensorsHeader.Read(path);
        if (!header.Metadata.TryGetValue(Checkpoint.ConfigKey, out var json))
            throw new InvalidOperationException(
                $"'{path}' has no \"{Checkpoint.ConfigKey}\" in its metadata, so the model's sizes are unknown. "
                + "Build a GptModel with the config it was trained with and use Checkpoint.Load(model, path).");
        try
        {
            return GptConfig.FromJson(json);
        }
        catch (FormatException e)
        {
            throw new CheckpointFormatException(path, $"its \"{Checkpoint.ConfigKey}\" metadata is not a GptConfig ({e.Message}).");
        }
    }

    /// <summary>A model built from the checkpoint's own config, on <paramref name="device"/>, with its weights loaded.</summary>
    public static GptModel Load(string path, Device? device = null)
    {
        var model = new GptModel(ReadConfig(path), device);
        Checkpoint.Load(model, path);
        return model;
    }

    /// <summary>
    /// Loads the checkpoint into an existing model, e.g. to resume. The file's config must equal the model's field by field
    /// (<see cref="Checkpoint.ConfigDifferences"/>); see <see cref="Checkpoint.Load"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> LoadInto(GptModel model, string path) => Checkpoint.Load(model, path);
}
