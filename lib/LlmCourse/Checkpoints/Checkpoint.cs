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

    /// <summary>Writes the module's state_dict (parameters and persistent buffers), atomically, with optional metadata.</summary>
    public static void Save(nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        SafeTensors.Write(path, module.state_dict(), metadata);
    }

    /// <summary>
    /// Copies the file's tensors into the module's state_dict and returns the file's metadata. Throws
    /// <see cref="CheckpointMismatchException"/> listing every missing, unexpected, mis-shaped or mis-typed tensor, and
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
