using LlmCourse.Gpt;
using LlmCourse.Setup;

namespace LlmCourse.Arithmetic;

/// <summary>How the toy world's base model is pretrained and instruction-tuned: per profile, one recipe for each pretraining text (notebook 13 worked answers, 14 and 15 equations).</summary>
/// <param name="MaxOperand">Operands 0 … MaxOperand.</param>
/// <param name="Model">The GPT's sizes (vocabulary = the world's alphabet).</param>
/// <param name="PretrainSteps">AdamW steps on random windows of the pretraining text.</param>
/// <param name="PretrainBatch">Windows of BlockSize characters per step.</param>
/// <param name="PretrainLearningRate">Peak learning rate (warm-up then cosine to a tenth).</param>
/// <param name="SftSteps">Full fine-tuning steps on instructions, loss on the response only.</param>
/// <param name="SftBatch">Instructions per step.</param>
/// <param name="SftLearningRate">Constant AdamW learning rate for fine-tuning.</param>
/// <param name="SftExamples">Distinct training instructions fine-tuning draws its batches from.</param>
/// <param name="Seed">Seeds weights, data and batches.</param>
/// <param name="Pretraining">What the base reads: bare equations (notebooks 14 and 15) or worked answers (notebook 13).</param>
public sealed record ArithmeticRecipe(
    int MaxOperand,
    GptConfig Model,
    int PretrainSteps,
    int PretrainBatch,
    double PretrainLearningRate,
    int SftSteps,
    int SftBatch,
    double SftLearningRate,
    int SftExamples,
    int Seed = 1337,
    ArithmeticPretraining Pretraining = ArithmeticPretraining.Equations)
{
    /// <summary>smoke: seconds, proves the pipeline learns; cpu: a few minutes, a base model that knows most sums; gpu: larger.</summary>
    /// <remarks>Notebooks 14 and 15 pretrain on bare equations (the default); notebook 13 on worked answers, with the same sizes and steps.</remarks>
    public static ArithmeticRecipe ForProfile(CourseProfile profile, ArithmeticPretraining pretraining = ArithmeticPretraining.Equations) => (profile switch
    {
        CourseProfile.Smoke => new ArithmeticRecipe(9, Config(nLayer: 2, nHead: 2, nEmbd: 64), 400, 32, 3e-3, 200, 32, 2e-3, 2000),
        CourseProfile.Cpu => new ArithmeticRecipe(99, Config(nLayer: 4, nHead: 4, nEmbd: 128), 2500, 32, 2e-3, 400, 32, 1e-3, 4000),
        // Operands up to 999 make examples of up to 55 characters: a context of 64 had no room for notebook 13's 16-vector
        // soft prompt or for 40 new tokens after a long prompt (found by the gpu dry run), so this one is 128.
        _ => new ArithmeticRecipe(999, Config(nLayer: 6, nHead: 6, nEmbd: 384, blockSize: 128), 5000, 64, 1e-3, 600, 64, 3e-4, 20000),
    }) with { Pretraining = pretraining };

    /// <summary>This recipe with pretraining and fine-tuning stopped after at most <paramref name="limit"/> steps each (a dry run), or itself when the limit is null.</summary>
    public ArithmeticRecipe WithStepLimit(int? limit) => limit is { } steps
        ? this with { PretrainSteps = Math.Min(PretrainSteps, steps), SftSteps = Math.Min(SftSteps, steps) }
        : this;

    /// <summary>
    /// A GPT over the world's alphabet, by default with a 64-character context: with operands under 100 the longest
    /// instruction + answer is under 50 characters.
    /// </summary>
    public static GptConfig Config(int nLayer, int nHead, int nEmbd, int blockSize = 64) =>
        new(ArithmeticWorld.Tokenizer.Size, BlockSize: blockSize, NLayer: nLayer, NHead: nHead, NEmbd: nEmbd, Dropout: 0.0, Bias: false);
}
