using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using LlmCourse.Checkpoints;
using LlmCourse.Tests.Attention;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Checkpoints;

[Collection("Sequential")]
public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmcourse-safetensors-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public void WriteThenRead_EveryDtype_BitExact()
    {
        random.manual_seed(0);
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = randn(3, 4),
            ["i64"] = tensor(new long[] { long.MinValue, -1, 0, 1, long.MaxValue }),
            ["f64"] = randn(2, 2, 2, ScalarType.Float64),
            ["bool"] = tensor(new[] { true, false, true }),
            ["bf16"] = randn(5).to(ScalarType.BFloat16),
            ["scalar"] = tensor(3.5f),
            ["empty"] = zeros(0, 3),
        };
        tensors["f32"][1, 2] = tensor(float.NaN);               // NaN's bits survive too
        string path = PathOf("all.safetensors");

        SafeTensors.Write(path, tensors, new Dictionary<string, string> { ["note"] = "héllo \"quoted\"" });
        var read = SafeTensors.Read(path);

        Assert.Equal(tensors.Keys.Order(), read.Tensors.Keys.Order());
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.dtype, read.Tensors[name].dtype);
            Assert.Equal(t.shape, read.Tensors[name].shape);
            Assert.True(t.numel() == 0 || t.contiguous().bytes.SequenceEqual(read.Tensors[name].bytes), name);
        }
        Assert.Equal("héllo \"quoted\"", read.Metadata["note"]);
    }

    [Fact]
    public void Write_FileFollowsTheDocumentedLayout()
    {
        string path = PathOf("layout.safetensors");
        var b = tensor(new long[] { 7, -2 });
        var a = tensor(new float[,] { { 1.5f, -2f, 0.25f } });

        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["b"] = b, ["a"] = a }, new Dictionary<string, string> { ["config"] = "{}" });

        // Parsed by hand, as Python's safetensors would: u64 LE length, JSON header, raw little-endian data.
        byte[] file = File.ReadAllBytes(path);
        long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(0, 8));
        Assert.Equal(0, (8 + n) % 8);                                                       // the data starts 8-byte aligned
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(file, 8, (int)n).TrimEnd(' '));
        var keys = header.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["__metadata__", "a", "b"], keys);                                       // tensors sorted by name
        Assert.Equal("{}", header.RootElement.GetProperty("__metadata__").GetProperty("config").GetString());
        var entryA = header.RootElement.GetProperty("a");
        Assert.Equal("F32", entryA.GetProperty("dtype").GetString());
        Assert.Equal([1L, 3L], entryA.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([0L, 12L], entryA.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        var entryB = header.RootElement.GetProperty("b");
        Assert.Equal("I64", entryB.GetProperty("dtype").GetString());
        Assert.Equal([12L, 28L], entryB.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        var data = file.AsSpan((int)(8 + n));
        Assert.Equal(28, data.Length);
        Assert.Equal(-2f, BinaryPrimitives.ReadSingleLittleEndian(data.Slice(4, 4)));
        Assert.Equal(-2L, BinaryPrimitives.ReadInt64LittleEndian(data.Slice(20, 8)));
    }

    [Fact]
    public void Read_TruncatedFile_ThrowsSayingItIsTruncated()
    {
        string path = PathOf("cut.safetensors");
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["w"] = randn(16, 16) });
        byte[] whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..^100]);

        var error = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(path));

        Assert.Contains("truncated", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, "shorter than the 8-byte header length")]
    [InlineData(new byte[] { 255, 255, 255, 255, 0, 0, 0, 0, 123 }, "more than the")]
    [InlineData(new byte[] { 4, 0, 0, 0, 0, 0, 0, 0, (byte)'n', (byte)'o', (byte)'p', (byte)'e' }, "not valid JSON")]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, (byte)'{' }, "truncated")]
    public void Read_DamagedFiles_ThrowFormatExceptionsNamingTheProblem(byte[] bytes, string problem)
    {
        string path = PathOf("damaged.safetensors");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(path));

        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Read_HeaderWithWrongByteCount_ThrowsNamingTheTensor()
    {
        string path = PathOf("liar.safetensors");
        byte[] json = Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,8]}}");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)json.Length), .. json, .. new byte[8]]);

        var error = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(path));

        Assert.Contains("tensor \"w\" (F32 [2, 2]) needs 16 bytes", error.Message);
    }

    [Fact]
    public void Write_OverAnExistingFile_ReplacesItAndLeavesNoTemporaryFile()
    {
        string path = PathOf("model.safetensors");
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["x"] = zeros(3) });

        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["x"] = ones(3) });

        Assert.Equal(1f, SafeTensors.Read(path).Tensors["x"][0].item<float>());
        Assert.Equal(["model.safetensors"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_UnsupportedDtype_LeavesTheOldFileIntact()
    {
        string path = PathOf("model.safetensors");
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["x"] = zeros(3) });
        byte[] before = File.ReadAllBytes(path);

        // Complex numbers have no safetensors dtype here: the write fails before the file is replaced.
        Assert.Throws<NotSupportedException>(() =>
            SafeTensors.Write(path, new Dictionary<string, Tensor> { ["x"] = ones(3), ["z"] = zeros(2, ScalarType.ComplexFloat32) }));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_folder));
    }
}
