using LlmCourse.Checkpoints;
using LlmCourse.Tests.Attention;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Checkpoints;

[Collection("Sequential")]
public sealed class CheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmcourse-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static nn.Module<Tensor, Tensor> Network(int width, int seed)
    {
        random.manual_seed(seed);
        return nn.Sequential(("first", nn.Linear(4, width)), ("act", nn.Tanh()), ("second", nn.Linear(width, 2)));
    }

    [Fact]
    public void SaveThenLoad_AnotherInitialisation_BecomesBitIdentical()
    {
        var saved = Network(8, seed: 1);
        var other = Network(8, seed: 2);
        string path = Path.Combine(_folder, "net.safetensors");

        Checkpoint.Save(saved, path, new Dictionary<string, string> { ["epoch"] = "3" });
        var metadata = Checkpoint.Load(other, path);

        Assert.Equal("3", metadata["epoch"]);
        Assert.All(saved.state_dict(), p => Assert.True(TensorAsserts.Identical(p.Value, other.state_dict()[p.Key]), p.Key));
    }

    [Fact]
    public void Load_OtherWidth_ListsEveryProblemAndLeavesTheWeightsUntouched()
    {
        string path = Path.Combine(_folder, "net.safetensors");
        Checkpoint.Save(Network(8, seed: 1), path, new Dictionary<string, string> { [Checkpoint.ConfigKey] = "{\"width\":8}" });
        var wider = Network(16, seed: 2);
        var before = wider.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

        var error = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(wider, path));

        Assert.Equal(3, error.Problems.Count);         // first.weight, first.bias, second.weight; second.bias fits
        Assert.Contains("mismatch: first.weight is F32 [8, 4] in the file but F32 [16, 4] in the model", error.Problems);
        Assert.Contains(path, error.Message);
        Assert.Contains("saved for the configuration {\"width\":8}", error.Message);
        Assert.All(before, p => Assert.True(TensorAsserts.Identical(p.Value, wider.state_dict()[p.Key]), p.Key));
    }

    [Fact]
    public void Load_MissingUnexpectedAndDtype_AllReportedAtOnce()
    {
        string path = Path.Combine(_folder, "odd.safetensors");
        SafeTensors.Write(path, new Dictionary<string, Tensor>
        {
            ["first.weight"] = zeros(8, 4, ScalarType.Float64),
            ["first.bias"] = zeros(8),
            ["extra"] = zeros(1),
        });

        var error = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(Network(8, 0), path));

        Assert.Contains(error.Problems, p => p.StartsWith("mismatch: first.weight is F64", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("missing: second.weight", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("missing: second.bias", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("unexpected: extra", StringComparison.Ordinal));
        Assert.Contains("records no configuration", error.Message);
    }

    [Fact]
    public void Load_TruncatedCheckpoint_ThrowsFormatExceptionAndLeavesTheWeights()
    {
        string path = Path.Combine(_folder, "net.safetensors");
        Checkpoint.Save(Network(8, seed: 1), path);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^4]);
        var model = Network(8, seed: 2);
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

        Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(model, path));

        Assert.All(before, p => Assert.True(TensorAsserts.Identical(p.Value, model.state_dict()[p.Key]), p.Key));
    }
}
