using LlmCourse.Decoding;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Decoding;

/// <summary>Next-token models small enough to compute by hand: bigram tables of probabilities or random logits.</summary>
internal static class ToyModels
{
    // The greedy trap: a likely first token (A, 0.6) whose continuations are all unlikely (best 0.4), and a less likely
    // one (B, 0.4) with a near-certain continuation (x, 0.9). Greedy: A x, 0.6 · 0.4 = 0.24. Best: B x, 0.4 · 0.9 = 0.36.
    public const long Start = 0, A = 1, B = 2, X = 3, Y = 4, Z = 5;

    public static double[,] GreedyTrap => new double[,]
    {
        //            start  A     B     x     y     z
        /* start */ { 0,     0.6,  0.4,  0,    0,    0 },
        /* A     */ { 0,     0,    0,    0.4,  0.3,  0.3 },
        /* B     */ { 0,     0,    0,    0.9,  0.1,  0 },
        /* x     */ { 0,     0,    0,    1.0 / 3, 1.0 / 3, 1.0 / 3 },
        /* y     */ { 0,     0,    0,    1.0 / 3, 1.0 / 3, 1.0 / 3 },
        /* z     */ { 0,     0,    0,    1.0 / 3, 1.0 / 3, 1.0 / 3 },
    };

    /// <summary>A bigram model whose logits are log p (float64; p = 0 gives −inf, a token that can never follow).</summary>
    public static NextTokenModel FromProbabilities(double[,] probabilities) => NextTokenModels.Bigram(tensor(probabilities).log());

    /// <summary>A bigram model with standard-normal float32 logits: no ties, so argmax is unambiguous.</summary>
    public static (NextTokenModel Model, float[,] Logits) Random(int vocabulary, int seed)
    {
        var table = randn(vocabulary, vocabulary, generator: new Generator((ulong)seed));
        var logits = new float[vocabulary, vocabulary];
        var flat = table.data<float>().ToArray();
        for (int i = 0; i < vocabulary; i++)
            for (int j = 0; j < vocabulary; j++)
                logits[i, j] = flat[i * vocabulary + j];
        return (NextTokenModels.Bigram(table), logits);
    }

    /// <summary>(1, T) int64 ids.</summary>
    public static Tensor Ids(params long[] tokens) => tensor(tokens).unsqueeze(0);

    /// <summary>Which entries of a (V) or (B, V) tensor are finite (kept by a filter), row by row.</summary>
    public static bool[] Kept(Tensor logits) => logits.isfinite().flatten().data<bool>().ToArray();
}
