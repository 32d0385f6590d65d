using LlmCourse.Checkpoints;
using LlmCourse.Gpt;
using LlmCourse.Tests.Attention;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Gpt;

/// <summary>Load-or-train with the recipe in the checkpoint: load only what this recipe made, retrain and say why otherwise.</summary>
[Collection("Sequential")]
public sealed class TrainedGptTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmcourse-trained-").FullName;
    private readonly string _textPath;
    private readonly CharDataset _data;

    public TrainedGptTests()
    {
        _textPath = Path.Combine(_folder, "verse.txt");
        File.WriteAllText(_textPath, string.Concat(Enumerable.Repeat("To be, or not to be, that is the question:\nWhether 'tis nobler in the mind to suffer\n", 30)));
        _data = CharDataset.Load(_textPath);
    }

    public void Dispose()
    {
        _data.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    // A one-block model, a few steps: seconds on a CPU, and training still moves every weight.
    private GptRecipe Tiny() => GptRecipe.ForText(_textPath, v => new GptConfig(v, BlockSize: 16, NLayer: 1, NHead: 2, NEmbd: 16, Bias: false),
        steps: 8, batchSize: 4, maxLearningRate: 1e-2, warmupSteps: 2);

    private string CheckpointPath => Path.Combine(_folder, "checkpoints", "tiny.safetensors");

    [Fact]
    public void Train_LowersTheLossAndRepeatsBitForBit()
    {
        var recipe = Tiny() with { Steps = 30, DecaySteps = 30 };

        var (first, history) = TrainedGpt.Train(recipe, _data, CPU);
        var (second, _) = TrainedGpt.Train(recipe, _data, CPU);

        Assert.True(history.Losses.TakeLast(5).Average() < history.Losses.Take(5).Average() - 0.3,
            $"the loss should fall: {history.Losses.Take(5).Average():F3} → {history.Losses.TakeLast(5).Average():F3}");
        foreach (var (name, weight) in first.state_dict())
            Assert.True(TensorAsserts.Identical(weight, second.state_dict()[name]), $"{name} differs between two trainings by one recipe");
    }

    [Fact]
    public void LoadOrTrain_NoFile_TrainsSavesTheRecipeAndGivesTrainsModel()
    {
        var recipe = Tiny();
        var log = new List<string>();

        var model = TrainedGpt.LoadOrTrain(CheckpointPath, recipe, _data, CPU, log.Add);

        Assert.StartsWith("no checkpoint at", log[0]);
        Assert.Equal(recipe, GptRecipe.FromJson(SafeTensorsHeader.Read(CheckpointPath).Metadata[TrainedGpt.RecipeKey]));
        Assert.Empty(TrainedGpt.ReasonsToRetrain(CheckpointPath, recipe));
        var (direct, _) = TrainedGpt.Train(recipe, _data, CPU);
        foreach (var (name, weight) in direct.state_dict())
            Assert.True(TensorAsserts.Identical(weight, model.state_dict()[name]), name);
    }

    [Fact]
    public void LoadOrTrain_SameRecipe_LoadsWithoutTraining()
    {
        var recipe = Tiny();
        var (trained, _) = TrainedGpt.Train(recipe, _data, CPU);
        TrainedGpt.Save(trained, CheckpointPath, recipe);
        var log = new List<string>();
        int trainingReports = 0;

        var loaded = TrainedGpt.LoadOrTrain(CheckpointPath, recipe, _data, CPU, log.Add, _ => trainingReports++);

        Assert.Equal(0, trainingReports);
        Assert.Single(log);
        Assert.StartsWith($"loaded {CheckpointPath}: it was trained by this recipe", log[0]);
        Assert.False(loaded.training);
        foreach (var (name, weight) in trained.state_dict())
            Assert.True(TensorAsserts.Identical(weight, loaded.state_dict()[name]), name);
    }

    [Fact]
    public void LoadOrTrain_ChangedField_RetrainsNamingItAndReplacesTheFile()
    {
        var old = Tiny();
        var (trained, _) = TrainedGpt.Train(old, _data, CPU);
        TrainedGpt.Save(trained, CheckpointPath, old);
        var now = old with { BatchSize = 6 };
        var log = new List<string>();

        var model = TrainedGpt.LoadOrTrain(CheckpointPath, now, _data, CPU, log.Add);

        Assert.Contains("was not made by this recipe", log[0]);
        Assert.Contains("BatchSize: 4 in the file, 6 in this recipe", log[0]);
        Assert.DoesNotContain("Steps:", log[0]);
        Assert.Equal(now, GptRecipe.FromJson(SafeTensorsHeader.Read(CheckpointPath).Metadata[TrainedGpt.RecipeKey]));
        Assert.False(TensorAsserts.Identical(trained.Transformer.TokenEmbedding.weight, model.Transformer.TokenEmbedding.weight));
    }

    [Fact]
    public void LoadOrTrain_ChangedModelSize_RetrainsAndBuildsTheNewSize()
    {
        var old = Tiny();
        TrainedGpt.Save(TrainedGpt.Train(old, _data, CPU).Model, CheckpointPath, old);
        var now = old with { Model = old.Model with { NLayer = 2 } };
        var log = new List<string>();

        var model = TrainedGpt.LoadOrTrain(CheckpointPath, now, _data, CPU, log.Add);

        Assert.Contains("Model.NLayer: 1 in the file, 2 in this recipe", log[0]);
        Assert.Equal(2, model.Config.NLayer);
    }

    [Fact]
    public void LoadOrTrain_FileWithoutRecipe_RetrainsSayingSo()
    {
        var recipe = Tiny();
        Directory.CreateDirectory(Path.GetDirectoryName(CheckpointPath)!);
        GptCheckpoint.Save(new GptModel(recipe.Model), CheckpointPath, new Dictionary<string, string> { ["steps"] = "8" });   // the old notebooks' files
        var log = new List<string>();

        TrainedGpt.LoadOrTrain(CheckpointPath, recipe, _data, CPU, log.Add);

        Assert.Contains("the file stores no recipe", log[0]);
        Assert.Empty(TrainedGpt.ReasonsToRetrain(CheckpointPath, recipe));
    }

    [Fact]
    public void LoadOrTrain_DamagedFile_RetrainsSayingItCannotBeRead()
    {
        var recipe = Tiny();
        TrainedGpt.Save(TrainedGpt.Train(recipe, _data, CPU).Model, CheckpointPath, recipe);
        var bytes = File.ReadAllBytes(CheckpointPath);
        File.WriteAllBytes(CheckpointPath, bytes[..(bytes.Length - 100)]);   // cut short, as by an interrupted copy
        var log = new List<string>();

        TrainedGpt.LoadOrTrain(CheckpointPath, recipe, _data, CPU, log.Add);

        Assert.Contains("the file cannot be read as a checkpoint", log[0]);
        Assert.Empty(TrainedGpt.ReasonsToRetrain(CheckpointPath, recipe));   // rewritten whole
    }

    [Fact]
    public void LoadOrTrain_RecipeMatchesButTensorsDoNot_Throws()
    {
        var recipe = Tiny();
        // A file that claims this recipe but holds a deeper model: never loaded as if it were the recipe's.
        var deeper = new GptModel(recipe.Model with { NLayer = 2 });
        Directory.CreateDirectory(Path.GetDirectoryName(CheckpointPath)!);
        GptCheckpoint.Save(deeper, CheckpointPath, new Dictionary<string, string> { [TrainedGpt.RecipeKey] = recipe.ToJson() });

        Assert.Throws<CheckpointMismatchException>(() => TrainedGpt.LoadOrTrain(CheckpointPath, recipe, _data, CPU));
    }

    [Fact]
    public void LoadOrTrain_DatasetOfAnotherText_IsRefused()
    {
        using var other = CharDataset.FromText("a much shorter text\n");

        var error = Assert.Throws<ArgumentException>(() => TrainedGpt.LoadOrTrain(CheckpointPath, Tiny(), other, CPU));

        Assert.Contains("is not the recipe's text verse.txt", error.Message);
        Assert.False(File.Exists(CheckpointPath));
    }

    [Fact]
    public void Save_ModelOfAnotherConfig_IsRefused()
    {
        var recipe = Tiny();
        var error = Assert.Throws<ArgumentException>(() => TrainedGpt.Save(new GptModel(recipe.Model with { NEmbd = 32 }), CheckpointPath, recipe));
        Assert.Contains("is not the recipe's", error.Message);
    }
}
