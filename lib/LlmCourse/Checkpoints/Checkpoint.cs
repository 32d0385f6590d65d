using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Checkpoints;

/// <summary>A module's weights (its state_dict) to a safetensors file and back, refusing any file that does not fit.</summary>
/// <remarks>
/// The keys are the module's state_dict names (for a GPT, GPT-2's), so Python reads the file with
/// <c>safetensors.torch.load_file</c> and recognises every tensor. Loading checks everything first and copies only
/// when nothing is wrong, the way PyTorch's load_state_dict(strict=True) should but without its partial copies.
/// </remarks>
public static class Checkpoint
{
    /// <summary>The metadata key holding the model's configuration (e.g. a GptConfig as JSON), quoted in mismatch errors.</summary>
    public const string ConfigKey = "config";

    /// <summary>The metadata key holding the configuration's type name, e.g. "GptConfig".</summary>
    public const string ConfigTypeKey = "config_type";

    /// <summary>
    /// Writes the module's state_dict (parameters and persistent buffers), atomically, with optional metadata. Refuses
    /// (<see cref="CheckpointRefusedException"/>) weights that hold NaN or infinity and a metadata value that is a
    /// non-finite number (a NaN "val_loss"), so that a diverged run never replaces a good checkpoint.
    /// </summary>
    public static void Save(nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var state = module.state_dict();
        var broken = NonFiniteTensors(state);
        if (broken.Count > 0)
            throw new CheckpointRefusedException(path,
                $"{broken.Count} of the model's {state.Count} tensors hold NaN or infinity ({string.Join(", ", broken.Take(3))}{(broken.Count > 3 ? ", …" : "")}), so training diverged or the weights were damaged");
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double number) && !double.IsFinite(number))
                throw new CheckpointRefusedException(path, $"its metadata \"{key}\" is {value}, so the run it describes did not produce a finite result");
        }
        SafeTensors.Write(path, state, metadata);
    }

    /// <summary>The names, in order, of the floating-point tensors that hold a NaN or an infinity.</summary>
    public static List<string> NonFiniteTensors(IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var scope = NewDisposeScope();
        return tensors.Where(p => p.Value.is_floating_point() && !p.Value.isfinite().all().item<bool>())
            .Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Copies the file's tensors into the module's state_dict and returns the file's metadata. Throws
    /// <see cref="CheckpointMismatchException"/> listing every missing, unexpected, mis-shaped or mis-typed tensor and,
    /// for an <see cref="IConfiguredModule"/>, every field of the stored configuration that differs from the model's; and
    /// <see cref="CheckpointFormatException"/> for a damaged file; either way the module's weights are not touched.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Load(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        var header = SafeTensorsHeader.Read(path);
        var expected = module.state_dict();
        var problems = new List<string>();
        foreach (var (name, tensor) in expected.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!header.Entries.TryGetValue(name, out var entry))
                problems.Add($"missing: {name} {Describe(tensor.dtype, tensor.shape)} is in the model but not in the file");
            else if (!entry.Shape.SequenceEqual(tensor.shape) || entry.Type != tensor.dtype)
                problems.Add($"mismatch: {name} is {Describe(entry.Type, entry.Shape)} in the file but {Describe(tensor.dtype, tensor.shape)} in the model");
        }
        foreach (var name in header.Entries.Keys.Where(k => !expected.ContainsKey(k)).Order(StringComparer.Ordinal))
            problems.Add($"unexpected: {name} {Describe(header.Entries[name].Type, header.Entries[name].Shape)} is in the file but not in the model");
        if (module is IConfiguredModule configured)
            problems.AddRange(ConfigDifferences(configured, header.Metadata));
        if (problems.Count > 0)
            throw new CheckpointMismatchException(path, problems, Advice(header.Metadata));

        // Read everything before copying anything, so that a read error cannot leave the model half loaded.
        var content = SafeTensors.Read(path);
        try
        {
            CheckTiedTensorsAgree(path, expected, content.Tensors, header.Metadata);
            using (no_grad())
            {
                foreach (var (name, tensor) in expected)
                    tensor.copy_(content.Tensors[name]);   // copy_ moves the CPU data to the model's device
            }
        }
        finally
        {
            foreach (var t in content.Tensors.Values)
                t.Dispose();
        }
        return header.Metadata;
    }

    /// <summary>
    /// One problem per field of the configuration that differs between the file and the model ("config: NHead is 3 in
    /// the file but 4 in the model"); none when the file stores no configuration of the model's type.
    /// </summary>
    public static List<string> ConfigDifferences(IConfiguredModule module, IReadOnlyDictionary<string, string> metadata)
    {
        var problems = new List<string>();
        if (!metadata.TryGetValue(ConfigKey, out var stored))
            return problems;
        if (metadata.TryGetValue(ConfigTypeKey, out var type) && type != module.ConfigType)
        {
            problems.Add($"config: the file stores a {type}, the model is built from a {module.ConfigType}");
            return problems;
        }
        System.Text.Json.Nodes.JsonObject? file;
        try
        {
            file = System.Text.Json.Nodes.JsonNode.Parse(stored) as System.Text.Json.Nodes.JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            file = null;
        }
        if (file is null)
        {
            problems.Add($"config: the file's \"{ConfigKey}\" metadata is not a JSON object ({Clip(stored)}), so it cannot be checked against the model's");
            return problems;
        }
        var model = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(module.ConfigJson)!;
        foreach (var name in model.Select(p => p.Key).Union(file.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            string? inFile = file[name]?.ToJsonString(), inModel = model[name]?.ToJsonString();
            if (inFile != inModel)
                problems.Add($"config: {name} is {inFile ?? "absent"} in the file but {inModel ?? "absent"} in the model");
        }
        return problems;
    }

    private static string Clip(string text) => text.Length > 80 ? text[..80] + "…" : text;

    // Two keys of one tensor (tied embeddings: wte and lm_head) must hold the same values in the file, or loading would
    // keep whichever came last: a checkpoint of an untied model does not fit a tied one.
    private static void CheckTiedTensorsAgree(string path, Dictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> file,
        IReadOnlyDictionary<string, string> metadata)
    {
        using var scope = NewDisposeScope();
        var problems = new List<string>();
        foreach (var group in expected.GroupBy(p => p.Value.Handle).Where(g => g.Count() > 1))
        {
            var names = group.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
            if (names.Skip(1).Any(n => !file[n].eq(file[names[0]]).all().item<bool>()))
                problems.Add($"tied: {string.Join(" and ", names)} are one tensor in this model (tied weights) but differ in the file, which was saved from a model without that tie");
        }
        if (problems.Count > 0)
            throw new CheckpointMismatchException(path, problems, Advice(metadata));
    }

    private static string Advice(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(ConfigKey, out var config)
            ? $"This checkpoint was saved for {(metadata.TryGetValue(ConfigTypeKey, out var type) ? type : "the configuration")} {config}; build the model with that configuration and load again."
            : "The file records no configuration; build the model with the sizes it was saved with and load again.";

    private static string Describe(ScalarType type, long[] shape) => $"{SafeTensorsDTypeName(type)} {Checks.Check.Format(shape)}";

    private static string SafeTensorsDTypeName(ScalarType type)
    {
        try
        {
            return SafeTensorsDType.NameOf(type);
        }
        catch (NotSupportedException)
        {
            return type.ToString();
        }
    }
}
