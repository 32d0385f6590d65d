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
        var worked = ArithmeticRecipe.ForProfile(CourseProfile.Smoke, ArithmeticPretraining.WorkedAnswers).WithStepLimit(2);
        var equations = ArithmeticRecipe.ForProfile(CourseProfile.Smoke).WithStepLimit(2);
        string path = Path.Combine(Path.GetTempPath(), $"arithmetic-base-{Guid.NewGuid():N}.safetensors");
        try
        {
            var messages = new List<string>();
            var made = ArithmeticModels.LoadOrPretrain(path, worked, CPU, messages.Add);
            var loaded = ArithmeticModels.LoadOrPretrain(path, worked, CPU, messages.Add);
            Assert.Contains(messages, m => m.StartsWith("saved the base model", StringComparison.Ordinal));
            Assert.Contains(messages, m => m.StartsWith("loaded the base model", StringComparison.Ordinal));
            Assert.True(made.HeadWeight.equal(loaded.HeadWeight).all().item<bool>());

            // The same sizes and steps, but pretrained on bare equations: the worked-answers file must be trained again, not loaded.
            messages.Clear();
            var retrained = ArithmeticModels.LoadOrPretrain(path, equations, CPU, messages.Add);
            Assert.Contains(messages, m => m.Contains("was made by another recipe", StringComparison.Ordinal));
            Assert.Contains(messages, m => m.StartsWith("saved the base model", StringComparison.Ordinal));
            Assert.False(made.HeadWeight.equal(retrained.HeadWeight).all().item<bool>());
            Assert.Contains("Pretraining = Equations", LlmCourse.Checkpoints.SafeTensorsHeader.Read(path).Metadata["arithmetic-recipe"], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
