using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Checkpoints;

/// <summary>Named tensors and string metadata read from a safetensors file.</summary>
public sealed record SafeTensorsContent(IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata);

/// <summary>Reads and writes the safetensors format, the one the Python ecosystem (Hugging Face, PyTorch) loads.</summary>
/// <remarks>
/// huggingface/safetensors (README, "Format"): a length, a JSON header, raw little-endian bytes. It holds no code, unlike
/// a pickled .pt file, so loading one cannot run anything; see <see cref="SafeTensorsHeader"/> for the layout. Writes are
/// atomic (<see cref="Files.AtomicFile"/>): a crash or a full disk leaves the old checkpoint or the new one, never half
/// of one. Tensors over 2 GB are not supported.
/// </remarks>
public static class SafeTensors
{
    /// <summary>Writes <paramref name="tensors"/> (any device; copied to the CPU) with keys sorted, and optional metadata.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(tensors);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors stores little-endian bytes; this writer copies memory as it is and needs a little-endian machine.");
        if (metadata?.ContainsKey(SafeTensorsHeader.MetadataKey) == true || tensors.ContainsKey(SafeTensorsHeader.MetadataKey))
            throw new ArgumentException($"\"{SafeTensorsHeader.MetadataKey}\" is reserved for the metadata object.");

        var names = tensors.Keys.Order(StringComparer.Ordinal).ToArray();
        var entries = new List<SafeTensorsEntry>();
        long offset = 0;
        foreach (var name in names)
        {
            var t = tensors[name];
            long bytes = t.numel() * t.ElementSize;
            entries.Add(new SafeTensorsEntry(name, SafeTensorsDType.NameOf(t.dtype), t.shape, offset, offset + bytes));
            offset += bytes;
        }
        var header = SerializeHeader(entries, metadata);

        Files.AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var name in names)
            {
                using var scope = NewDisposeScope();
                // Row-major bytes on the CPU; bytes of a CUDA or strided tensor cannot be read directly.
                var cpu = tensors[name].detach().cpu().contiguous();
                stream.Write(cpu.bytes);
            }
        });
    }

    /// <summary>Every tensor of the file, on the CPU, with its metadata; throws <see cref="CheckpointFormatException"/> when the file is damaged.</summary>
    public static SafeTensorsContent Read(string path)
    {
        var header = SafeTensorsHeader.Read(path);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors stores little-endian bytes; this reader needs a little-endian machine.");
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using var stream = File.OpenRead(path);
        foreach (var entry in header.Entries.Values.OrderBy(e => e.Begin))
        {
            long count = entry.End - entry.Begin;
            if (count > int.MaxValue)
                throw new NotSupportedException($"Tensor \"{entry.Name}\" is {count} bytes; tensors over 2 GB are not supported here.");
            var bytes = new byte[count];
            stream.Position = header.DataStart + entry.Begin;
            stream.ReadExactly(bytes);
            var t = empty(entry.Shape, entry.Type).DetachFromDisposeScope();   // the caller owns what it asked to read
            if (count > 0)
                t.bytes = bytes;
            tensors[entry.Name] = t;
        }
        return new SafeTensorsContent(tensors, header.Metadata);
    }

    /// <summary>The header's JSON for these entries and metadata: metadata first, then the tensors in ordinal key order.</summary>
    private static byte[] SerializeHeader(IEnumerable<SafeTensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping writes é as é and " as \" (not \u00E9, \u0022), so metadata stays readable; any JSON parser reads both.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(SafeTensorsHeader.MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                    writer.WriteString(key, value);
                writer.WriteEndObject();
            }
            foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                writer.WriteStartObject(entry.Name);
                writer.WriteString("dtype", entry.DType);
                writer.WriteStartArray("shape");
                foreach (long d in entry.Shape)
                    writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(entry.Begin);
                writer.WriteNumberValue(entry.End);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        // Padded with spaces to a multiple of 8, as the reference writer does, so the data starts 8-byte aligned.
        int padded = (int)((buffer.Length + 7) / 8 * 8);
        var bytes = new byte[padded];
        buffer.ToArray().CopyTo(bytes, 0);
        bytes.AsSpan((int)buffer.Length).Fill((byte)' ');
        return bytes;
    }
}
