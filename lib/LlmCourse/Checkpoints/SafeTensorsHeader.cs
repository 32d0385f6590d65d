using System.Buffers.Binary;
using System.Text.Json;
using static TorchSharp.torch;

namespace LlmCourse.Checkpoints;

/// <summary>Where one tensor lies in a safetensors file: its dtype, shape and byte range within the data section.</summary>
public sealed record SafeTensorsEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    public ScalarType Type => SafeTensorsDType.TryParse(DType, out var type, out _) ? type : throw new NotSupportedException(DType);
}

/// <summary>A safetensors file's header, read and checked against the file's length without reading any tensor data.</summary>
/// <remarks>
/// huggingface/safetensors, "Format": 8 bytes little-endian unsigned header length N; N bytes of UTF-8 JSON
/// {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, …, "__metadata__": {"key": "value"}};
/// then the data, each tensor's bytes little-endian and row-major at [begin, end) counted from the data's start. The spec
/// asks that the offsets cover the data exactly, without gaps or overlaps, which is what catches a truncated file.
/// </remarks>
public sealed record SafeTensorsHeader(IReadOnlyDictionary<string, SafeTensorsEntry> Entries, IReadOnlyDictionary<string, string> Metadata, long DataStart)
{
    /// <summary>The key of the optional string-to-string metadata object in the header.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Headers larger than this are refused: a corrupt length would otherwise ask for gigabytes (safetensors: 100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Reads and checks the header of <paramref name="path"/>; throws <see cref="CheckpointFormatException"/> naming the problem.</summary>
    public static SafeTensorsHeader Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"No checkpoint at '{path}' (looked for {System.IO.Path.GetFullPath(path)}).", path);
        using var stream = File.OpenRead(path);
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw new CheckpointFormatException(path, $"it is {fileLength} bytes long, shorter than the 8-byte header length every safetensors file starts with.");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
            throw new CheckpointFormatException(path, $"its first 8 bytes give a header of {headerLength} bytes, more than the {MaxHeaderBytes} allowed.");
        if ((long)headerLength > fileLength - 8)
            throw new CheckpointFormatException(path, $"the header should be {headerLength} bytes but only {fileLength - 8} follow the length: the file is truncated.");
        var json = new byte[headerLength];
        stream.ReadExactly(json);
        var header = Parse(path, json, 8 + (long)headerLength);
        CheckCoverage(path, header, fileLength - header.DataStart);
        return header;
    }

    private static SafeTensorsHeader Parse(string path, byte[] json, long dataStart)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(path, $"its header is not valid JSON ({e.Message}).");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new CheckpointFormatException(path, "its header is not a JSON object.");
            var entries = new Dictionary<string, SafeTensorsEntry>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    if (property.Value.ValueKind != JsonValueKind.Object)
                        throw new CheckpointFormatException(path, $"\"{MetadataKey}\" must be an object of strings.");
                    foreach (var item in property.Value.EnumerateObject())
                        metadata[item.Name] = item.Value.ValueKind == JsonValueKind.String
                            ? item.Value.GetString()!
                            : throw new CheckpointFormatException(path, $"metadata \"{item.Name}\" is not a string.");
                    continue;
                }
                entries[property.Name] = ParseEntry(path, property);
            }
            return new SafeTensorsHeader(entries, metadata, dataStart);
        }
    }

    private static SafeTensorsEntry ParseEntry(string path, JsonProperty property)
    {
        string name = property.Name;
        try
        {
            var value = property.Value;
            string dtype = value.GetProperty("dtype").GetString() ?? "";
            if (!SafeTensorsDType.TryParse(dtype, out _, out int size))
                throw new CheckpointFormatException(path, $"tensor \"{name}\" has dtype \"{dtype}\", not one of {string.Join(", ", SafeTensorsDType.Names)}.");
            var shape = value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (shape.Any(d => d < 0) || offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                throw new CheckpointFormatException(path, $"tensor \"{name}\" has shape [{string.Join(", ", shape)}] and offsets [{string.Join(", ", offsets)}], which do not make sense.");
            long expected = shape.Aggregate(1L, (a, d) => a * d) * size;
            if (offsets[1] - offsets[0] != expected)
                throw new CheckpointFormatException(path, $"tensor \"{name}\" ({dtype} [{string.Join(", ", shape)}]) needs {expected} bytes but its offsets span {offsets[1] - offsets[0]}.");
            return new SafeTensorsEntry(name, dtype, shape, offsets[0], offsets[1]);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CheckpointFormatException(path, $"tensor \"{name}\" lacks a well-formed dtype, shape or data_offsets ({e.Message}).");
        }
    }

    // The tensors must tile the data section exactly: [0, e1), [e1, e2), … up to the bytes the file holds.
    private static void CheckCoverage(string path, SafeTensorsHeader header, long dataBytes)
    {
        long position = 0;
        foreach (var entry in header.Entries.Values.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.Begin != position)
                throw new CheckpointFormatException(path, $"tensor \"{entry.Name}\" starts at byte {entry.Begin} of the data, where {position} was expected (a gap or an overlap).");
            position = entry.End;
        }
        if (position > dataBytes)
            throw new CheckpointFormatException(path, $"the header describes {position} bytes of tensor data but only {dataBytes} follow it: the file is truncated.");
        if (position < dataBytes)
            throw new CheckpointFormatException(path, $"{dataBytes - position} bytes follow the last tensor's data; the header does not describe them.");
    }
}
