using LlmCourse.Text;
using LlmCourse.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmCourse.LanguageModels;

/// <summary>Bengio's neural language model: look up each context character in C, concatenate, tanh hidden layer, logits.</summary>
/// <remarks>
/// Bengio, Ducharme, Vincent and Jauvin, "A Neural Probabilistic Language Model", JMLR 3 (2003), without the direct
/// input-to-output connections; sizes and the character-level set-up follow makemore part 2
/// (github.com/karpathy/nn-zero-to-hero, lectures/makemore/makemore_part2_mlp.ipynb).
/// </remarks>
public sealed class MlpLanguageModel : nn.Module<Tensor, Tensor>
{
    private readonly Parameter C;          // (V, E): row i is character i's embedding
    private readonly Linear hidden;        // (T*E) -> H
    private readonly Linear output;        // H -> V

    public MlpLanguageModel(MlpConfig config, Device? device = null)
        : base(nameof(MlpLanguageModel))
    {
        Config = config.Validate();
        // Standard normal rows, as nn.Embedding and makemore do; the linear layers keep TorchSharp's default
        // uniform(±1/√fan_in) start, which keeps the first logits small and the first loss near ln(V).
        C = new Parameter(randn(config.VocabSize, config.EmbeddingSize, device: device));
        hidden = nn.Linear(config.BlockSize * config.EmbeddingSize, config.HiddenSize, device: device);
        output = nn.Linear(config.HiddenSize, config.VocabSize, device: device);
        RegisterComponents();
    }

    public MlpConfig Config { get; }

    /// <summary>The embedding table C, (V, E): what the model learned about each character.</summary>
    public Parameter Embeddings => C;

    /// <summary>Contexts (B, T) int64 to logits (B, V): one score per possible next character.</summary>
    public override Tensor forward(Tensor contexts)
    {
        var emb = EmbeddingTable.Rows(C, contexts);              // (B, T) -> (B, T, E): C[contexts], a row per character
        var joined = emb.view(emb.shape[0], -1);                 // (B, T, E) -> (B, T*E): the context as one vector
        var h = hidden.call(joined).tanh();                      // (B, T*E) -> (B, H)
        return output.call(h);                                   // (B, H) -> (B, V)
    }

    /// <summary>
    /// <paramref name="count"/> names, one character at a time: start from "...", draw the next character from the
    /// softmax of the logits with <paramref name="generator"/> (a CPU generator), stop at '.'. Same seed, same names.
    /// </summary>
    public IReadOnlyList<string> Sample(CharVocabulary vocabulary, int count, Generator generator, int maxLength = 50)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(generator);
        if (vocabulary.Size != Config.VocabSize)
            throw new ArgumentException(
                $"The vocabulary has {vocabulary.Size} tokens but the model was built for {Config.VocabSize}. Use the vocabulary it was trained with.",
                nameof(vocabulary));

        bool wasTraining = training;
        eval();
        var names = new List<string>();
        using (no_grad())
        {
            for (int n = 0; n < count; n++)
            {
                var context = new long[Config.BlockSize];        // all boundary (index 0): "..."
                var drawn = new List<long>();
                while (drawn.Count < maxLength)
                {
                    using var scope = NewDisposeScope();
                    var x = tensor(context, device: C.device).reshape(1, -1);     // (T) -> (1, T)
                    // Probabilities go to the CPU so the CPU generator decides, whatever device the model is on.
                    var probabilities = forward(x).softmax(-1).cpu()[0];         // (1, V) -> (V)
                    long next = multinomial(probabilities, 1, generator: generator).item<long>();
                    if (next == 0)
                        break;                                   // the boundary: the name is finished
                    drawn.Add(next);
                    Array.Copy(context, 1, context, 0, context.Length - 1);
                    context[^1] = next;
                }
                names.Add(vocabulary.Decode(drawn));
            }
        }
        train(wasTraining);
        return names;
    }
}
