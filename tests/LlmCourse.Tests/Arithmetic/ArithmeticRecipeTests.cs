using LlmCourse.Arithmetic;
using LlmCourse.Setup;

namespace LlmCourse.Tests.Arithmetic;

public sealed class ArithmeticRecipeTests
{
    // Notebook 13 puts a soft prompt of up to 16 vectors in front of an instruction and its answer; notebooks 13-15
    // generate up to 40 new tokens after a prompt. Both must fit the context under every profile.
    [Theory]
    [InlineData(CourseProfile.Smoke, 8)]
    [InlineData(CourseProfile.Cpu, 10)]
    [InlineData(CourseProfile.Gpu, 16)]
    public void Context_HoldsTheLongestExampleWithTheSoftPromptAndTheLongestPromptWith40NewTokens(CourseProfile profile, int softPrompt)
    {
        var recipe = ArithmeticRecipe.ForProfile(profile);
        var examples = ArithmeticWorld.Instructions(5000, recipe.MaxOperand, ArithmeticSplit.Test, seed: 1);
        int longestExample = examples.Max(e => e.Prompt.Length + e.Response.Length);
        int longestPrompt = examples.Max(e => e.Prompt.Length);

        Assert.True(softPrompt + longestExample <= recipe.Model.BlockSize,
            $"{profile}: {softPrompt} soft vectors + {longestExample} characters > context {recipe.Model.BlockSize}");
        Assert.True(longestPrompt + 40 <= recipe.Model.BlockSize,
            $"{profile}: prompt {longestPrompt} + 40 new tokens > context {recipe.Model.BlockSize}");
    }

    [Fact]
    public void WithStepLimit_CapsBothTrainingsAndNullKeepsTheRecipe()
    {
        var recipe = ArithmeticRecipe.ForProfile(CourseProfile.Gpu);

        Assert.Same(recipe, recipe.WithStepLimit(null));
        var limited = recipe.WithStepLimit(2);
        Assert.Equal((2, 2), (limited.PretrainSteps, limited.SftSteps));
        Assert.Equal(recipe.Model, limited.Model);
    }
}
