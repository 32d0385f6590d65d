using LlmCourse.Arithmetic;
using LlmCourse.Gpt;
using LlmCourse.Setup;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Arithmetic;

public sealed class ArithmeticModelsTests
{
    [Fact]
    public void LoadOrPretrain_LoadsItsOwnCheckpoint_RetrainsOneFromOtherPretrainingText()
    {
        var recipe = ArithmeticRecipe.ForProfile(CourseProfile.Smoke).WithStepLimit(2);
        string path = Path.Combine(Path.GetTempPath(), $"arithmetic-base-{Guid.NewGuid():N}.safetensors");
        try
        {
            var messages = new List<string>();
            var made = ArithmeticModels.LoadOrPretrain(path, recipe, CPU, messages.Add);
            var loaded = ArithmeticModels.LoadOrPretrain(path, recipe, CPU, messages.Add);
            Assert.Contains(messages, m => m.StartsWith("saved the base model", StringComparison.Ordinal));
            Assert.Contains(messages, m => m.StartsWith("loaded the base model", StringComparison.Ordinal));
            Assert.True(made.HeadWeight.equal(loaded.HeadWeight).all().item<bool>());

            // A file with the same recipe and stage but no record of its pretraining text (as the bare-equations
            // version wrote them) must be trained again, not loaded.
            GptCheckpoint.Save(made, path, new Dictionary<string, string> { ["arithmetic-recipe"] = recipe.ToString(), ["arithmetic-stage"] = "base" });
            messages.Clear();
            ArithmeticModels.LoadOrPretrain(path, recipe, CPU, messages.Add);
            Assert.Contains(messages, m => m.Contains("was pretrained on other text", StringComparison.Ordinal));
            Assert.Contains(messages, m => m.StartsWith("saved the base model", StringComparison.Ordinal));
            Assert.Equal(ArithmeticWorld.PretrainingFormat, LlmCourse.Checkpoints.SafeTensorsHeader.Read(path).Metadata["arithmetic-pretraining"]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
