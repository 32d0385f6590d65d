using static TorchSharp.torch;

namespace LlmCourse.Checkpoints;

/// <summary>safetensors' dtype names ("F32", "I64", …) and TorchSharp's element types, both ways.</summary>
/// <remarks>The names are those of huggingface/safetensors' format specification (safetensors/src/tensor.rs, Dtype).</remarks>
public static class SafeTensorsDType
{
    private static readonly (string Name, ScalarType Type, int Bytes)[] _types =
    [
        ("BOOL", ScalarType.Bool, 1),
        ("U8", ScalarType.Byte, 1),
        ("I8", ScalarType.Int8, 1),
        ("I16", ScalarType.Int16, 2),
        ("I32", ScalarType.Int32, 4),
        ("I64", ScalarType.Int64, 8),
        ("F16", ScalarType.Float16, 2),
        ("BF16", ScalarType.BFloat16, 2),
        ("F32", ScalarType.Float32, 4),
        ("F64", ScalarType.Float64, 8),
    ];

    /// <summary>"F32" for Float32, and so on; throws for an element type safetensors cannot hold here.</summary>
    public static string NameOf(ScalarType type)
    {
        foreach (var entry in _types)
        {
            if (entry.Type == type)
                return entry.Name;
        }
        throw new NotSupportedException(
            $"Tensors of {type} cannot be saved as safetensors here; supported: {string.Join(", ", _types.Select(t => t.Type))}.");
    }

    /// <summary>The element type and its size in bytes for a safetensors dtype name, or false when the name is unknown.</summary>
    public static bool TryParse(string name, out ScalarType type, out int bytes)
    {
        foreach (var entry in _types)
        {
            if (entry.Name == name)
            {
                (type, bytes) = (entry.Type, entry.Bytes);
                return true;
            }
        }
        (type, bytes) = (default, 0);
        return false;
    }

    /// <summary>Every name understood, for error messages.</summary>
    public static IEnumerable<string> Names => _types.Select(t => t.Name);
}
