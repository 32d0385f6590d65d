using LlmCourse.Checkpoints;
using LlmCourse.FineTuning;
using LlmCourse.Gpt;
using LlmCourse.Setup;
using LlmCourse.Training;
using static TorchSharp.torch;

namespace LlmCourse.Arithmetic;

/// <summary>
/// The toy world's two models, trained once and cached as checkpoints: a GPT pretrained on the recipe's text (bare
/// equations or worked answers), and that GPT after full supervised fine-tuning on instructions (the SFT model, the
/// reference policy of notebooks 14 and 15).
/// </summary>
/// <remarks>
/// A checkpoint is reused only when it was made by the same recipe (stored in its metadata, the pretraining text
/// included); otherwise the model is trained again and the file rewritten, so changing a recipe can never silently load
/// a model it did not make.
/// </remarks>
public static class ArithmeticModels
{
    private const string RecipeKey = "arithmetic-recipe";
    private const string StageKey = "arithmetic-stage";

    /// <summary>The pretrained base from <paramref name="path"/>, or pretrained now with <paramref name="recipe"/> and saved there.</summary>
    public static GptModel LoadOrPretrain(string path, ArithmeticRecipe recipe, Device device, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        if (TryLoad(path, recipe, "base", device, log) is { } saved)
            return saved;
        var model = Pretrain(recipe, device, log);
        Save(model, path, recipe, "base", log);
        return model;
    }

    /// <summary>The SFT model from <paramref name="path"/>, or <paramref name="pretrained"/>'s copy fine-tuned now and saved there.</summary>
    /// <remarks><paramref name="pretrained"/> itself is never changed: fine-tuning works on a copy.</remarks>
    public static GptModel LoadOrFineTune(string path, GptModel pretrained, ArithmeticRecipe recipe, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(pretrained);
        ArgumentNullException.ThrowIfNull(recipe);
        if (TryLoad(path, recipe, "sft", pretrained.HeadWeight.device, log) is { } saved)
            return saved;
        var model = Copy(pretrained);
        FineTune(model, recipe, log);
        Save(model, path, recipe, "sft", log);
        return model;
    }

    /// <summary>Pretraining on random BlockSize windows of the recipe's text, AdamW with warm-up and cosine decay.</summary>
    public static GptModel Pretrain(ArithmeticRecipe recipe, Device device, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        Course.Seed(recipe.Seed);
        var model = new GptModel(recipe.Model, device);
        int block = recipe.Model.BlockSize;
        // Enough lines that each is seen about once (with two-digit operands an equation is about 8 characters, a worked
        // answer about 24): the model must generalise the sum, not memorise lines.
        int lineLength = recipe.Pretraining == ArithmeticPretraining.WorkedAnswers ? 24 : 8;
        string text = ArithmeticWorld.PretrainingText(recipe.PretrainSteps * recipe.PretrainBatch * block / lineLength + 1000, recipe.MaxOperand, recipe.Seed, recipe.Pretraining);
        using var data = CharDataset.FromText(text, 0.95, device, ArithmeticWorld.Tokenizer);
        var optimizer = model.CreateOptimizer(recipe.PretrainLearningRate, weightDecay: 0.1, beta2: 0.99);
        var options = new TrainingOptions
        {
            LearningRate = LearningRateSchedule.CosineWithWarmup(recipe.PretrainLearningRate, recipe.PretrainLearningRate / 10,
                Math.Max(1, recipe.PretrainSteps / 20), recipe.PretrainSteps),
            MaxGradientNorm = 1.0,
            ReportEvery = Math.Max(1, recipe.PretrainSteps / 10),
            Report = p => log?.Invoke($"pretraining step {p.Step}/{p.Steps}: loss {p.RecentLoss:F3} ({p.Elapsed.TotalSeconds:F0} s)"),
        };
        TrainingLoop.Run(model, data.TrainingBatches(recipe.PretrainBatch, block, recipe.Seed), optimizer, recipe.PretrainSteps, options);
        model.eval();
        return model;
    }

    /// <summary>Full-parameter SFT of <paramref name="model"/> in place on the recipe's training instructions; returns the losses.</summary>
    public static List<double> FineTune(GptModel model, ArithmeticRecipe recipe, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(recipe);
        Course.Seed(recipe.Seed + 1);
        var examples = ArithmeticWorld.Instructions(recipe.SftExamples, recipe.MaxOperand, heldOut: false, recipe.Seed + 1);
        var options = new SftOptions(recipe.SftSteps, recipe.SftBatch, recipe.SftLearningRate, recipe.Seed + 1);
        int every = Math.Max(1, recipe.SftSteps / 5);
        model.train();
        var losses = SftTraining.Run(model.call, model.parameters().ToList(), ArithmeticWorld.Tokenizer, examples.Select(e => e.Text).ToList(), ArithmeticWorld.EndOfText, options,
            (step, loss) => { if ((step + 1) % every == 0) log?.Invoke($"fine-tuning step {step + 1}/{recipe.SftSteps}: loss {loss:F3}"); });
        model.eval();
        return losses;
    }

    /// <summary>A second model with the same config and weights (e.g. a frozen reference next to a policy being trained).</summary>
    public static GptModel Copy(GptModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var copy = new GptModel(model.Config, model.HeadWeight.device);
        using (no_grad())
        {
            var source = model.state_dict();
            foreach (var (name, tensor) in copy.state_dict())
                tensor.copy_(source[name]);
        }
        copy.eval();
        return copy;
    }

    private static GptModel? TryLoad(string path, ArithmeticRecipe recipe, string stage, Device device, Action<string>? log)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            return null;
        var metadata = SafeTensorsHeader.Read(path).Metadata;
        if (!metadata.TryGetValue(RecipeKey, out var savedRecipe) || savedRecipe != recipe.ToString()
            || !metadata.TryGetValue(StageKey, out var savedStage) || savedStage != stage)
        {
            log?.Invoke($"{path} was made by another recipe or stage; training again and replacing it.");
            return null;
        }
        var model = GptCheckpoint.Load(path, device);
        model.eval();
        log?.Invoke($"loaded the {stage} model from {path}");
        return model;
    }

    private static void Save(GptModel model, string path, ArithmeticRecipe recipe, string stage, Action<string>? log)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        GptCheckpoint.Save(model, path, new Dictionary<string, string> { [RecipeKey] = recipe.ToString(), [StageKey] = stage });
        log?.Invoke($"saved the {stage} model to {path}");
    }
}
