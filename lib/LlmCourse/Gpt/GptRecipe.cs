using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmCourse.Setup;

namespace LlmCourse.Gpt;

/// <summary>
/// Everything that decides the weights of a character-level GPT trained on a text file: the model's sizes, the text
/// (by name, length and SHA-256), the split, and nanoGPT train.py's settings (steps, batch, AdamW, warm-up + cosine,
/// clipping, seed). Stored as JSON in a checkpoint's metadata, so a file can say exactly how it was made.
/// </summary>
/// <param name="Model">The GPT's sizes; VocabSize is the text's number of distinct characters.</param>
/// <param name="DataFile">The text's file name (no folder, so notebooks and tests that reach it by other paths agree).</param>
/// <param name="DataCharacters">Characters in the text as read ("\r\n" as "\n"): one id each.</param>
/// <param name="DataSha256">SHA-256 of the text as read, UTF-8, lower-case hex: a changed file is a changed recipe.</param>
/// <param name="TrainFraction">The first TrainFraction of the ids train, the rest validate (nanoGPT: 0.9).</param>
/// <param name="Steps">Optimizer steps.</param>
/// <param name="BatchSize">Windows of Model.BlockSize characters per step.</param>
/// <param name="MaxLearningRate">The rate after warm-up.</param>
/// <param name="MinLearningRate">The rate the cosine ends at (nanoGPT: a tenth of the maximum).</param>
/// <param name="WarmupSteps">Steps of the linear warm-up.</param>
/// <param name="DecaySteps">The step at which the cosine reaches MinLearningRate (nanoGPT: lr_decay_iters = max_iters).</param>
/// <param name="WeightDecay">AdamW's decoupled weight decay, on matrices only.</param>
/// <param name="Beta1">AdamW's β₁.</param>
/// <param name="Beta2">AdamW's β₂ (nanoGPT's Shakespeare runs: 0.99).</param>
/// <param name="MaxGradientNorm">Gradients are clipped to this total norm.</param>
/// <param name="Seed">Seeds the initial weights, the batches and (reseeded before the first step) dropout.</param>
public sealed record GptRecipe(
    GptConfig Model,
    string DataFile,
    int DataCharacters,
    string DataSha256,
    double TrainFraction,
    int Steps,
    int BatchSize,
    double MaxLearningRate,
    double MinLearningRate,
    int WarmupSteps,
    int DecaySteps,
    double WeightDecay,
    double Beta1,
    double Beta2,
    double MaxGradientNorm,
    int Seed)
{
    /// <summary>
    /// The course's Shakespeare GPT for <paramref name="profile"/>, trained on the text at <paramref name="textPath"/>:
    /// the profile's <see cref="GptConfig.ForProfile"/> preset with notebook 07's recipe (nanoGPT's train.py settings).
    /// smoke: Nano, 600 steps of 32 at 2e-3; cpu: nanoGPT's CPU model, 3,000 steps of 12 at 1e-3 (its README trains
    /// 2,000); gpu: the baby GPT, 5,000 steps of 64 at 1e-3. All: warm-up then cosine to a tenth, AdamW with weight decay
    /// 0.1 and β = (0.9, 0.99), clipping at 1, seed 1337.
    /// </summary>
    public static GptRecipe ForShakespeare(CourseProfile profile, string textPath)
    {
        var (name, text) = ReadText(textPath);
        var config = GptConfig.ForProfile(CharTokenizer.FromText(text).Size, profile);
        var (steps, batch, rate, warmup) = profile switch
        {
            CourseProfile.Smoke => (600, 32, 2e-3, 50),
            CourseProfile.Cpu => (3_000, 12, 1e-3, 100),
            _ => (5_000, 64, 1e-3, 100),
        };
        return new GptRecipe(config, name, text.Length, Sha256(text), 0.9, steps, batch, rate, rate / 10, warmup, steps,
            WeightDecay: 0.1, Beta1: 0.9, Beta2: 0.99, MaxGradientNorm: 1.0, Seed: 1337);
    }

    /// <summary>A recipe for the text at <paramref name="textPath"/> with the given sizes and nanoGPT's defaults for the rest.</summary>
    public static GptRecipe ForText(string textPath, Func<int, GptConfig> model, int steps, int batchSize, double maxLearningRate,
        int warmupSteps, int seed = 1337)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (name, text) = ReadText(textPath);
        return new GptRecipe(model(CharTokenizer.FromText(text).Size), name, text.Length, Sha256(text), 0.9, steps, batchSize,
            maxLearningRate, maxLearningRate / 10, warmupSteps, steps, 0.1, 0.9, 0.99, 1.0, seed);
    }

    /// <summary>Throws when a field is out of range; returns the recipe, so it chains.</summary>
    /// <summary>
    /// This recipe stopped after at most <paramref name="limit"/> steps (a dry run), or itself when the limit is null. The
    /// schedule keeps its decay length, so the steps that run use the rates of the full recipe.
    /// </summary>
    public GptRecipe WithStepLimit(int? limit) => limit is { } steps ? this with { Steps = Math.Min(Steps, steps) } : this;

    public GptRecipe Validate()
    {
        ArgumentNullException.ThrowIfNull(Model);
        Model.Validate();
        ArgumentException.ThrowIfNullOrWhiteSpace(DataFile);
        ArgumentOutOfRangeException.ThrowIfLessThan(DataCharacters, 2);
        if (DataSha256 is null || DataSha256.Length != 64)
            throw new ArgumentException($"DataSha256 must be 64 hex digits; found '{DataSha256}'.", nameof(DataSha256));
        if (!(TrainFraction > 0 && TrainFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(TrainFraction), TrainFraction, "The train fraction lies strictly between 0 and 1.");
        ArgumentOutOfRangeException.ThrowIfNegative(Steps);
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
        LearningRateSchedule.CosineWithWarmup(MaxLearningRate, MinLearningRate, WarmupSteps, DecaySteps);   // throws on a bad schedule
        if (!(WeightDecay >= 0) || !(Beta1 >= 0 && Beta1 < 1) || !(Beta2 >= 0 && Beta2 < 1) || !(MaxGradientNorm > 0))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay),
                $"Need WeightDecay ≥ 0, 0 ≤ β₁, β₂ < 1 and MaxGradientNorm > 0; found {WeightDecay}, {Beta1}, {Beta2}, {MaxGradientNorm}.");
        return this;
    }

    /// <summary>The learning rate of every step: linear warm-up, then a cosine from MaxLearningRate to MinLearningRate.</summary>
    public Func<int, double> Schedule() => LearningRateSchedule.CosineWithWarmup(MaxLearningRate, MinLearningRate, WarmupSteps, DecaySteps);

    /// <summary>One line of JSON, the model's sizes nested under "Model": what a checkpoint's metadata stores.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>The recipe written by <see cref="ToJson"/>; throws <see cref="FormatException"/> quoting the text when it is not one.</summary>
    public static GptRecipe FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return (JsonSerializer.Deserialize<GptRecipe>(json) ?? throw new JsonException("null")).Validate();
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NullReferenceException)
        {
            throw new FormatException($"Not a GptRecipe in JSON: {(json.Length > 200 ? json[..200] + "…" : json)}. ({e.Message})", e);
        }
    }

    /// <summary>
    /// One line per field that differs, "Steps: 2000 in the file, 3000 in this recipe", with the model's sizes by name
    /// ("Model.NLayer: …"); empty when the two recipes are equal.
    /// </summary>
    public List<string> Differences(GptRecipe stored, string storedName = "in the file", string thisName = "in this recipe")
    {
        ArgumentNullException.ThrowIfNull(stored);
        var mine = Flatten(JsonNode.Parse(ToJson())!, "");
        var theirs = Flatten(JsonNode.Parse(stored.ToJson())!, "");
        return mine.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal)
            .Where(k => mine.GetValueOrDefault(k) != theirs.GetValueOrDefault(k))
            .Select(k => $"{k}: {theirs.GetValueOrDefault(k) ?? "absent"} {storedName}, {mine.GetValueOrDefault(k) ?? "absent"} {thisName}")
            .ToList();
    }

    private static Dictionary<string, string> Flatten(JsonNode node, string prefix)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in node.AsObject())
        {
            if (value is JsonObject inner)
                foreach (var (k, v) in Flatten(inner, prefix + name + "."))
                    fields[k] = v;
            else
                fields[prefix + name] = value?.ToJsonString() ?? "null";
        }
        return fields;
    }

    /// <summary>SHA-256 of <paramref name="text"/>'s UTF-8 bytes, lower-case hex.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static (string Name, string Text) ReadText(string textPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(textPath);
        if (!File.Exists(textPath))
            throw new FileNotFoundException($"The text file '{textPath}' was not found (looked for {Path.GetFullPath(textPath)}).", textPath);
        return (Path.GetFileName(textPath), Files.TextFile.ReadAllText(textPath));   // "\r\n" read as "\n", as CharDataset.Load does
    }
}
