using LlmCourse.Checkpoints;
using LlmCourse.Gpt;
using LlmCourse.Tests.Attention;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Gpt;

[Collection("Sequential")]
public sealed class GptCheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmcourse-gpt-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void SaveThenLoad_RebuildsTheSameModelFromTheStoredConfig()
    {
        random.manual_seed(0);
        var config = GptConfig.Nano(20) with { TieEmbeddings = false, Bias = false };
        var model = new GptModel(config);
        model.eval();
        string path = Path.Combine(_folder, "nano.safetensors");
        var ids = tensor(new long[,] { { 1, 5, 7, 19 } });

        GptCheckpoint.Save(model, path, new Dictionary<string, string> { ["step"] = "2000" });
        random.manual_seed(99);
        var loaded = GptCheckpoint.Load(path);
        loaded.eval();

        Assert.Equal(config, loaded.Config);
        Assert.True(TensorAsserts.Identical(loaded.call(ids), model.call(ids)));
        Assert.Equal("2000", SafeTensorsHeader.Read(path).Metadata["step"]);
    }

    [Fact]
    public void LoadInto_ModelOfAnotherConfig_ListsTheProblemsAndQuotesTheSavedConfig()
    {
        random.manual_seed(0);
        string path = Path.Combine(_folder, "nano.safetensors");
        GptCheckpoint.Save(new GptModel(GptConfig.Nano(20)), path);
        var other = new GptModel(GptConfig.Nano(20) with { NLayer = 4, NEmbd = 24 });
        var before = other.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

        var error = Assert.Throws<CheckpointMismatchException>(() => GptCheckpoint.LoadInto(other, path));

        Assert.Contains("missing: transformer.h.3.ln_1.weight", error.Message);
        Assert.Contains("mismatch: transformer.wte.weight is F32 [20, 48] in the file but F32 [20, 24] in the model", error.Message);
        Assert.Contains("saved for GptConfig {\"VocabSize\":20,\"BlockSize\":32,\"NLayer\":3", error.Message);
        Assert.All(before, p => Assert.True(TensorAsserts.Identical(p.Value, other.state_dict()[p.Key]), p.Key));
    }

    [Fact]
    public void LoadInto_UntiedCheckpointIntoATiedModel_IsRejected()
    {
        random.manual_seed(0);
        string path = Path.Combine(_folder, "untied.safetensors");
        GptCheckpoint.Save(new GptModel(GptConfig.Nano(20) with { TieEmbeddings = false }), path);
        var tied = new GptModel(GptConfig.Nano(20));

        var error = Assert.Throws<CheckpointMismatchException>(() => GptCheckpoint.LoadInto(tied, path));

        // The stored config already tells them apart; without it, the tie itself is checked (next test).
        Assert.Contains("config: TieEmbeddings is false in the file but true in the model", error.Problems);
    }

    [Fact]
    public void LoadInto_UntiedWeightsWithoutAConfigIntoATiedModel_IsRejectedByTheTie()
    {
        random.manual_seed(0);
        string path = Path.Combine(_folder, "untied-bare.safetensors");
        Checkpoint.Save(new GptModel(GptConfig.Nano(20) with { TieEmbeddings = false }), path);   // no config in the metadata
        var tied = new GptModel(GptConfig.Nano(20));

        var error = Assert.Throws<CheckpointMismatchException>(() => GptCheckpoint.LoadInto(tied, path));

        Assert.Contains("lm_head.weight and transformer.wte.weight are one tensor", error.Message);
    }

    [Fact]
    public void LoadInto_ConfigThatDiffersOnlyWhereShapesAgree_NamesTheField()
    {
        // 3 heads and 4 heads of a 48-wide model have the same weight shapes but split attention differently.
        random.manual_seed(0);
        string path = Path.Combine(_folder, "three-heads.safetensors");
        var saved = GptConfig.Nano(20) with { NEmbd = 48, NHead = 3 };
        GptCheckpoint.Save(new GptModel(saved), path);
        var fourHeads = new GptModel(saved with { NHead = 4 });
        var before = fourHeads.Transformer.TokenEmbedding.weight.detach().clone();

        var error = Assert.Throws<CheckpointMismatchException>(() => GptCheckpoint.LoadInto(fourHeads, path));

        Assert.Equal(["config: NHead is 3 in the file but 4 in the model"], error.Problems);
        Assert.True(fourHeads.Transformer.TokenEmbedding.weight.eq(before).all().item<bool>(), "the model's weights must be left untouched");
    }

    [Fact]
    public void ReadConfig_ConfigMetadataThatIsNotJson_NamesTheFile()
    {
        string path = Path.Combine(_folder, "bad-config.safetensors");
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["x"] = zeros(2) }, new Dictionary<string, string> { [Checkpoint.ConfigKey] = "{oops" });

        var error = Assert.Throws<CheckpointFormatException>(() => GptCheckpoint.ReadConfig(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("its \"config\" metadata is not a GptConfig", error.Message);
    }

    [Fact]
    public void ReadConfig_FileWithoutConfig_ThrowsSayingWhatToDo()
    {
        string path = Path.Combine(_folder, "bare.safetensors");
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["x"] = zeros(2) });

        var error = Assert.Throws<InvalidOperationException>(() => GptCheckpoint.ReadConfig(path));

        Assert.Contains("Checkpoint.Load(model, path)", error.Message);
    }
}
