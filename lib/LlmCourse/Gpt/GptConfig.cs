using System.Text.Json;
using System.Text.Json.Serialization;
using LlmCourse.Setup;

namespace LlmCourse.Gpt;

/// <summary>The sizes of a <see cref="GptModel"/>; the defaults are GPT-2 small's (124M parameters with GPT-2's vocabulary).</summary>
/// <remarks>
/// Field for field karpathy/nanoGPT model.py's GPTConfig, plus <see cref="TieEmbeddings"/> (nanoGPT always ties).
/// The presets are the course's three profiles: <see cref="Nano"/> (minGPT's "gpt-nano" sizes) for smoke runs and
/// tests, nanoGPT's README CPU run for <see cref="ShakespeareCpu"/>, and nanoGPT's config/train_shakespeare_char.py
/// "baby GPT" for <see cref="BabyGpt"/>. The two nanoGPT presets keep its train.py default bias = False.
/// </remarks>
public sealed record GptConfig(
    int VocabSize,                 // tokens in and out: 65 characters for Tiny Shakespeare, 50257 for GPT-2's BPE
    int BlockSize = 1024,          // the longest context: positions 0 … BlockSize−1 have an embedding
    int NLayer = 12,               // transformer blocks
    int NHead = 12,                // attention heads per block; NEmbd / NHead channels each
    int NEmbd = 768,               // width of the residual stream
    double Dropout = 0.0,          // probability used by every dropout layer while training (0 for pretraining, as GPT-2)
    bool Bias = true,              // biases in the Linear layers and LayerNorms (GPT-2: true)
    bool TieEmbeddings = true)     // the output layer lm_head reuses the token embedding wte (Press and Wolf 2017)
{
    /// <summary>Channels per head: NEmbd / NHead.</summary>
    [JsonIgnore]
    public int HeadSize => NEmbd / NHead;

    /// <summary>3 layers, 3 heads, 48 wide, context 32: trains in seconds on a CPU; for smoke runs and tests.</summary>
    public static GptConfig Nano(int vocabSize) =>
        new(vocabSize, BlockSize: 32, NLayer: 3, NHead: 3, NEmbd: 48);

    /// <summary>nanoGPT's CPU run on Tiny Shakespeare: 4 layers, 4 heads, 128 wide, context 64, no dropout (val loss ≈ 1.88).</summary>
    public static GptConfig ShakespeareCpu(int vocabSize) =>
        new(vocabSize, BlockSize: 64, NLayer: 4, NHead: 4, NEmbd: 128, Dropout: 0.0, Bias: false);

    /// <summary>nanoGPT's baby GPT for a GPU: 6 layers, 6 heads, 384 wide, context 256, dropout 0.2 (val loss ≈ 1.47).</summary>
    public static GptConfig BabyGpt(int vocabSize) =>
        new(vocabSize, BlockSize: 256, NLayer: 6, NHead: 6, NEmbd: 384, Dropout: 0.2, Bias: false);

    /// <summary>The preset of the run's profile: smoke → <see cref="Nano"/>, cpu → <see cref="ShakespeareCpu"/>, gpu → <see cref="BabyGpt"/>.</summary>
    public static GptConfig ForProfile(int vocabSize, CourseProfile profile) => profile switch
    {
        CourseProfile.Smoke => Nano(vocabSize),
        CourseProfile.Cpu => ShakespeareCpu(vocabSize),
        _ => BabyGpt(vocabSize),
    };

    /// <summary>Throws when a size is not positive, the heads do not divide the width, or dropout is not a probability.</summary>
    public GptConfig Validate()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(VocabSize), VocabSize), (nameof(BlockSize), BlockSize), (nameof(NLayer), NLayer),
                     (nameof(NHead), NHead), (nameof(NEmbd), NEmbd),
                 })
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
        }
        if (NEmbd % NHead != 0)
            throw new ArgumentException($"NEmbd ({NEmbd}) must be a multiple of NHead ({NHead}): every head gets NEmbd / NHead channels.");
        if (!(Dropout >= 0 && Dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout is a probability in [0, 1).");
        return this;
    }

    /// <summary>One line of JSON, as stored in a checkpoint's metadata: {"VocabSize":65,"BlockSize":64,…}.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>The config written by <see cref="ToJson"/>; throws naming the text when it is not one.</summary>
    public static GptConfig FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return (JsonSerializer.Deserialize<GptConfig>(json) ?? throw new JsonException("null")).Validate();
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new FormatException($"Not a GptConfig in JSON: {json}. ({e.Message})", e);
        }
    }
}
