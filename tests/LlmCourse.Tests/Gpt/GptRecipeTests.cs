using LlmCourse.Gpt;
using LlmCourse.Setup;

namespace LlmCourse.Tests.Gpt;

public sealed class GptRecipeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmcourse-recipe-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static string ShakespearePath()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "datasets", "tinyshakespeare.txt")))
            folder = folder.Parent;
        return folder is null
            ? throw new DirectoryNotFoundException("No datasets/tinyshakespeare.txt above the test assembly: run the tests inside the repository.")
            : Path.Combine(folder.FullName, "datasets", "tinyshakespeare.txt");
    }

    [Theory]
    [InlineData(CourseProfile.Smoke, 600, 32, 2e-3, 50)]
    [InlineData(CourseProfile.Cpu, 3_000, 12, 1e-3, 100)]
    [InlineData(CourseProfile.Gpu, 5_000, 64, 1e-3, 100)]
    public void ForShakespeare_IsTheProfilesPresetWithNotebook07sRecipe(CourseProfile profile, int steps, int batch, double rate, int warmup)
    {
        var recipe = GptRecipe.ForShakespeare(profile, ShakespearePath());

        Assert.Equal(GptConfig.ForProfile(65, profile), recipe.Model);
        Assert.Equal(("tinyshakespeare.txt", 1_115_394), (recipe.DataFile, recipe.DataCharacters));
        Assert.Equal((steps, batch, rate, rate / 10, warmup, steps), (recipe.Steps, recipe.BatchSize, recipe.MaxLearningRate, recipe.MinLearningRate, recipe.WarmupSteps, recipe.DecaySteps));
        Assert.Equal((0.1, 0.9, 0.99, 1.0, 1337, 0.9), (recipe.WeightDecay, recipe.Beta1, recipe.Beta2, recipe.MaxGradientNorm, recipe.Seed, recipe.TrainFraction));
    }

    [Fact]
    public void ForText_HashesTheTextAsRead_SoLineEndingsDoNotChangeTheRecipe()
    {
        string unix = Path.Combine(_folder, "unix.txt"), windows = Path.Combine(_folder, "windows.txt"), other = Path.Combine(_folder, "other.txt");
        File.WriteAllText(unix, "to be\nor not\n");
        File.WriteAllText(windows, "to be\r\nor not\r\n");
        File.WriteAllText(other, "to be\nor NOT\n");
        GptRecipe Make(string path) => GptRecipe.ForText(path, v => GptConfig.Nano(v), 10, 2, 1e-3, 2);

        Assert.Equal(Make(unix).DataSha256, Make(windows).DataSha256);
        Assert.Equal(13, Make(windows).DataCharacters);
        Assert.NotEqual(Make(unix).DataSha256, Make(other).DataSha256);
        Assert.Equal("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9", GptRecipe.Sha256("hello world"));
    }

    [Fact]
    public void Json_RoundTripsEveryField()
    {
        var recipe = GptRecipe.ForShakespeare(CourseProfile.Cpu, ShakespearePath()) with { MaxLearningRate = 0.1 + 0.2, Seed = int.MaxValue };

        var back = GptRecipe.FromJson(recipe.ToJson());

        Assert.Equal(recipe, back);
        Assert.Contains("\"Model\":{\"VocabSize\":65,\"BlockSize\":64,\"NLayer\":4", recipe.ToJson());
    }

    [Fact]
    public void FromJson_NotARecipe_ThrowsQuotingTheText()
    {
        var error = Assert.Throws<FormatException>(() => GptRecipe.FromJson("{\"Steps\":\"many\"}"));
        Assert.Contains("Not a GptRecipe in JSON: {\"Steps\":\"many\"}", error.Message);
        Assert.Throws<FormatException>(() => GptRecipe.FromJson("{\"Steps\":10}"));   // no model, no data: fails validation
    }

    [Fact]
    public void Differences_NameEachChangedField_ModelSizesByName()
    {
        var stored = GptRecipe.ForShakespeare(CourseProfile.Cpu, ShakespearePath());
        var now = stored with { Steps = 2_000, DecaySteps = 2_000, Model = stored.Model with { NLayer = 6 } };

        var differences = now.Differences(stored);

        Assert.Equal(["DecaySteps: 3000 in the file, 2000 in this recipe", "Model.NLayer: 4 in the file, 6 in this recipe", "Steps: 3000 in the file, 2000 in this recipe"], differences);
        Assert.Empty(stored.Differences(stored with { }));
    }

    [Fact]
    public void Validate_RejectsABadSchedule()
    {
        var recipe = GptRecipe.ForShakespeare(CourseProfile.Smoke, ShakespearePath());
        Assert.Throws<ArgumentOutOfRangeException>(() => (recipe with { DecaySteps = 10 }).Validate());   // decay ends before the warm-up
        Assert.Throws<ArgumentOutOfRangeException>(() => (recipe with { Beta2 = 1.0 }).Validate());
    }
}
