using LlmCourse.Checkpoints;
using LlmCourse.Training;
using static TorchSharp.torch;

namespace LlmCourse.Gpt;

/// <summary>
/// A character-level GPT made by a <see cref="GptRecipe"/>: trained, saved with the recipe in its metadata, and loaded
/// back only when the file's recipe is this one. Every notebook that reuses notebook 07's Shakespeare GPT gets it here.
/// </summary>
/// <remarks>
/// A file made by any other recipe (another step count, batch, rate, seed, text…) is retrained and replaced, with a
/// message naming each field that differs, so that changing a recipe can never silently load a model it did not make.
/// </remarks>
public static class TrainedGpt
{
    /// <summary>The metadata key holding the recipe as JSON (<see cref="GptRecipe.ToJson"/>).</summary>
    public const string RecipeKey = "gpt_recipe";

    /// <summary>
    /// Trains a fresh model with <paramref name="recipe"/> on <paramref name="data"/> (which must be the recipe's text):
    /// seed, build (GPT-2's initialisation), reseed, then <see cref="TrainingLoop.Run"/> with AdamW (matrices decay,
    /// gains and biases do not), the warm-up + cosine schedule and gradient clipping; batches from a generator seeded with
    /// the recipe's seed. Notebook 07 writes the same steps out on its page.
    /// </summary>
    /// <param name="evaluate">Called every <paramref name="evaluateEvery"/> steps and at the end (in eval mode), e.g. a validation loss.</param>
    public static (GptModel Model, TrainingHistory History) Train(GptRecipe recipe, CharDataset data, Device device,
        Action<TrainingProgress>? progress = null, Func<GptModel, double>? evaluate = null, int evaluateEvery = 0)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(data);
        recipe.Validate();
        CheckData(recipe, data);
        random.manual_seed(recipe.Seed);
        var model = new GptModel(recipe.Model, device);
        // Reseed before the first step: dropout's masks come from the global generator, and a caller that drew random
        // numbers between building the model and training (notebook 07 builds a second model) must still get these masks.
        random.manual_seed(recipe.Seed);
        using var optimizer = model.CreateOptimizer(recipe.MaxLearningRate, recipe.WeightDecay, recipe.Beta1, recipe.Beta2);
        var history = TrainingLoop.Run(model, data.TrainingBatches(recipe.BatchSize, recipe.Model.BlockSize, recipe.Seed), optimizer, recipe.Steps,
            new TrainingOptions
            {
                LearningRate = recipe.Schedule(),
                MaxGradientNorm = recipe.MaxGradientNorm,
                Evaluate = evaluate is null ? null : () => evaluate(model),
                EvaluateEvery = evaluate is null ? 0 : Math.Max(1, evaluateEvery),
                Report = progress,
                ReportEvery = Math.Max(1, recipe.Steps / 50),
            });
        model.eval();
        return (model, history);
    }

    /// <summary>Saves <paramref name="model"/> (atomically, refusing NaN weights) with its config, the recipe and any other metadata.</summary>
    public static void Save(GptModel model, string path, GptRecipe recipe, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(recipe);
        if (model.Config != recipe.Model)
            throw new ArgumentException($"The model's config {model.Config.ToJson()} is not the recipe's {recipe.Model.ToJson()}; "
                + "a checkpoint must not claim a recipe that did not make it.", nameof(model));
        var all = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { [RecipeKey] = recipe.ToJson() };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        GptCheckpoint.Save(model, path, all);
    }

    /// <summary>
    /// Why the file at <paramref name="path"/> cannot stand for <paramref name="recipe"/>, one reason per line: missing,
    /// unreadable, no recipe, or the fields that differ. Empty when it was made by exactly this recipe.
    /// </summary>
    public static List<string> ReasonsToRetrain(string path, GptRecipe recipe)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(recipe);
        if (!File.Exists(path))
            return [$"there is no file at {path}"];
        IReadOnlyDictionary<string, string> metadata;
        try
        {
            metadata = SafeTensorsHeader.Read(path).Metadata;
        }
        catch (Exception e) when (e is CheckpointFormatException or IOException)
        {
            return [$"the file cannot be read as a checkpoint ({e.Message})"];
        }
        if (!metadata.TryGetValue(RecipeKey, out var json))
            return [$"the file stores no recipe (no \"{RecipeKey}\" in its metadata), so how it was trained is unknown"];
        GptRecipe stored;
        try
        {
            stored = GptRecipe.FromJson(json);
        }
        catch (FormatException e)
        {
            return [$"its \"{RecipeKey}\" metadata is not a recipe ({e.Message})"];
        }
        return recipe.Differences(stored);
    }

    /// <summary>
    /// The model of <paramref name="recipe"/>: loaded from <paramref name="path"/> when the file was made by this recipe,
    /// otherwise trained on <paramref name="data"/> now and saved there (replacing the file atomically). Says which, and
    /// why, through <paramref name="log"/>; <paramref name="progress"/> reports training steps. A file whose recipe
    /// matches but whose config or tensors are not the recipe's model throws <see cref="CheckpointMismatchException"/>.
    /// </summary>
    public static GptModel LoadOrTrain(string path, GptRecipe recipe, CharDataset data, Device device,
        Action<string>? log = null, Action<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(data);
        CheckData(recipe, data);
        var reasons = ReasonsToRetrain(path, recipe);
        if (reasons.Count == 0)
        {
            // Built from the recipe's config, not the file's: a file that claims this recipe but holds other sizes is
            // refused by Checkpoint.Load (config and tensors checked) instead of quietly giving a model of the file's sizes.
            var loaded = new GptModel(recipe.Model, device);
            Checkpoint.Load(loaded, path);
            loaded.eval();
            log?.Invoke($"loaded {path}: it was trained by this recipe ({recipe.Steps:N0} steps of {recipe.BatchSize}, seed {recipe.Seed})");
            return loaded;
        }
        bool exists = File.Exists(path);
        log?.Invoke(exists
            ? $"{path} was not made by this recipe, so the model is trained again and the file replaced:\n  - {string.Join("\n  - ", reasons)}"
            : $"no checkpoint at {path} yet: training the model ({recipe.Steps:N0} steps of {recipe.BatchSize})");
        var (model, history) = Train(recipe, data, device, progress);
        Save(model, path, recipe, new Dictionary<string, string> { ["training_seconds"] = history.Elapsed.TotalSeconds.ToString("F0") });
        log?.Invoke($"trained in {history.Elapsed.TotalSeconds:F0} s and saved to {path}");
        return model;
    }

    // The dataset must be the recipe's text cut at the recipe's fraction: a model trained on other ids would carry a
    // recipe that did not make it. One id per character, so lengths and the tokenizer's size are what can be checked here.
    private static void CheckData(GptRecipe recipe, CharDataset data)
    {
        long train = data[DataSplit.Train].shape[0], validation = data[DataSplit.Validation].shape[0];
        long expectedTrain = (long)(recipe.DataCharacters * recipe.TrainFraction);
        if (train + validation != recipe.DataCharacters || train != expectedTrain || data.Tokenizer.Size != recipe.Model.VocabSize)
            throw new ArgumentException(
                $"The dataset ({train:N0} + {validation:N0} ids, {data.Tokenizer.Size} characters) is not the recipe's text "
                + $"{recipe.DataFile} ({recipe.DataCharacters:N0} characters split at {recipe.TrainFraction}, vocabulary {recipe.Model.VocabSize}).",
                nameof(data));
    }
}
