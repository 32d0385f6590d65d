using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LlmCourse.Checkpoints;
using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Encoder;

/// <summary>One epoch of pre-training: the mean training loss, the validation loss and accuracy per chosen token, the time so far.</summary>
public sealed record MlmEpoch(int Epoch, double TrainingLoss, double ValidationLoss, double ValidationAccuracy, double Seconds);

/// <summary>A pre-trained encoder, how its budget was chosen, and whether it was trained now or loaded from a checkpoint.</summary>
/// <param name="History">Every epoch's losses; epoch 0 is the untrained model.</param>
/// <param name="ChosenEpoch">The epoch whose weights <paramref name="Model"/> holds: the lowest validation loss.</param>
/// <param name="Seconds">Wall-clock seconds the pre-training took when it ran (read back from the checkpoint when loaded).</param>
public sealed record PretrainedEncoder(MaskedLanguageModel Model, IReadOnlyList<MlmEpoch> History, int ChosenEpoch, double Seconds,
    bool Loaded, string Message);

/// <summary>
/// Masked-language-model pre-training with its budget chosen on a validation split, cached as a checkpoint that records
/// its recipe: a later run with the same recipe loads it; any other recipe pre-trains again and replaces the file.
/// </summary>
public static class MlmPretraining
{
    private const string RecipeKey = "mlm-recipe";
    private const string HistoryKey = "mlm-history";
    private const string ChosenEpochKey = "mlm-chosen-epoch";
    private const string SecondsKey = "mlm-seconds";

    // Epoch 0 has no training loss (NaN), which JSON can only carry as a named literal.
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The pre-trained encoder from <paramref name="path"/> if an equal recipe made it; else pre-trained now and saved there.</summary>
    public static PretrainedEncoder LoadOrPretrain(string path, MlmRecipe recipe, EncodedTexts training, EncodedTexts validation,
        long maskId, long textTokens, Device device, Action<string>? log = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(recipe);
        string reason;
        if (!File.Exists(path))
        {
            reason = $"no checkpoint at {path} yet";
        }
        else
        {
            var metadata = SafeTensorsHeader.Read(path).Metadata;
            string saved = metadata.TryGetValue(RecipeKey, out var r) ? r : "(none)";
            if (saved == recipe.ToString())
            {
                var model = new MaskedLanguageModel(new EncoderClassifier(recipe.Model, device));
                Checkpoint.Load(model, path);
                var history = JsonSerializer.Deserialize<List<MlmEpoch>>(metadata[HistoryKey], Json)!;
                int chosen = int.Parse(metadata[ChosenEpochKey], CultureInfo.InvariantCulture);
                double seconds = double.Parse(metadata[SecondsKey], CultureInfo.InvariantCulture);
                string message = $"loaded the pre-trained encoder from {path}: same recipe, epoch {chosen} of {recipe.MaxEpochs} "
                    + $"(pre-training took {seconds:F0} s when it ran)";
                log?.Invoke(message);
                return new PretrainedEncoder(model, history, chosen, seconds, Loaded: true, message);
            }
            reason = $"the checkpoint at {path} was made by another recipe, {saved}";
        }
        log?.Invoke($"{reason}; pre-training now with {recipe}");
        var result = Pretrain(recipe, training, validation, maskId, textTokens, device, log);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Checkpoint.Save(result.Model, path, new Dictionary<string, string>
        {
            [RecipeKey] = recipe.ToString(),
            [HistoryKey] = JsonSerializer.Serialize(result.History, Json),
            [ChosenEpochKey] = result.ChosenEpoch.ToString(CultureInfo.InvariantCulture),
            [SecondsKey] = result.Seconds.ToString("R", CultureInfo.InvariantCulture),
        });
        string saved2 = $"{reason}, so it was pre-trained now ({result.Seconds:F0} s, epoch {result.ChosenEpoch} of {recipe.MaxEpochs} kept) and saved there";
        log?.Invoke(saved2);
        return result with { Message = saved2 };
    }

    /// <summary>
    /// Up to <see cref="MlmRecipe.MaxEpochs"/> epochs of <see cref="MlmTraining.TrainEpoch"/> on <paramref name="training"/>,
    /// with the validation loss measured before training and after every epoch on the same corruption of
    /// <paramref name="validation"/>; the returned model holds the weights of the epoch with the lowest validation loss.
    /// </summary>
    public static PretrainedEncoder Pretrain(MlmRecipe recipe, EncodedTexts training, EncodedTexts validation, long maskId,
        long textTokens, Device device, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        if (recipe.MaxEpochs < 1)
            throw new ArgumentException($"A recipe needs at least one epoch; found {recipe.MaxEpochs}.", nameof(recipe));
        var watch = Stopwatch.StartNew();
        random.manual_seed(recipe.Seed);
        var model = new MaskedLanguageModel(new EncoderClassifier(recipe.Model, device));
        var optimizer = model.CreateOptimizer(recipe.LearningRate, recipe.WeightDecay);
        int stepsPerEpoch = (training.Count + recipe.BatchSize - 1) / recipe.BatchSize;
        int steps = recipe.MaxEpochs * stepsPerEpoch;
        var schedule = LearningRateSchedule.CosineWithWarmup(recipe.LearningRate, recipe.LearningRate / 10, Math.Max(1, steps / 20), steps);
        var batchRandom = new Random(recipe.Seed);
        var generator = new Generator((ulong)recipe.Seed);
        const long validationSeed = 1;

        var first = MlmTraining.Evaluate(model, validation, maskId, textTokens, validationSeed);
        var history = new List<MlmEpoch> { new(0, double.NaN, first.Loss, first.Accuracy, watch.Elapsed.TotalSeconds) };
        log?.Invoke($"epoch 0: validation loss {first.Loss:F3}");
        var best = Snapshot(model);
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= recipe.MaxEpochs; epoch++)
        {
            int e = epoch;
            var trained = MlmTraining.TrainEpoch(model, optimizer, training, recipe.BatchSize, maskId, textTokens, batchRandom, generator, schedule,
                (epoch - 1) * stepsPerEpoch, maxBatches: recipe.MaxBatchesPerEpoch, report: (step, total, loss) =>
                {
                    if (step % 20 == 0)
                        log?.Invoke($"epoch {e}/{recipe.MaxEpochs}: step {step}/{total}, batch loss {loss:F3}, {watch.Elapsed.TotalSeconds:F0} s");
                });
            var checkedOn = MlmTraining.Evaluate(model, validation, maskId, textTokens, validationSeed);
            history.Add(new MlmEpoch(epoch, trained.Loss, checkedOn.Loss, checkedOn.Accuracy, watch.Elapsed.TotalSeconds));
            log?.Invoke($"epoch {epoch}/{recipe.MaxEpochs}: training loss {trained.Loss:F3}, validation loss {checkedOn.Loss:F3}, "
                + $"{watch.Elapsed.TotalSeconds:F0} s");
            if (checkedOn.Loss < history[bestEpoch].ValidationLoss)
            {
                foreach (var t in best.Values)
                    t.Dispose();
                best = Snapshot(model);
                bestEpoch = epoch;
            }
        }
        using (no_grad())
        {
            foreach (var (name, tensor) in model.state_dict())
                tensor.copy_(best[name]);
        }
        foreach (var t in best.Values)
            t.Dispose();
        model.eval();
        return new PretrainedEncoder(model, history, bestEpoch, watch.Elapsed.TotalSeconds, Loaded: false, "pre-trained now");
    }

    // A copy of every weight on the CPU, to go back to the best epoch at the end.
    private static Dictionary<string, Tensor> Snapshot(MaskedLanguageModel model)
    {
        using (no_grad())
            return model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().cpu().clone());
    }
}
