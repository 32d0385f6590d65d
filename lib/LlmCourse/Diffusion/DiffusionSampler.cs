using static TorchSharp.torch;

namespace LlmCourse.Diffusion;

/// <summary>A mask predictor: ids (1, T) int64 → logits (1, T, V) at every position (a bidirectional <see cref="RotaryTransformer"/>'s forward).</summary>
public delegate Tensor MaskPredictor(Tensor ids);

/// <summary>Which masked predictions a step commits: the most confident ones, or a random choice.</summary>
public enum Remasking { LowConfidence, Random }

/// <summary>Sampler settings: total steps, block length (divides the answer length), temperature, remasking rule.</summary>
public sealed record SamplerOptions(int Steps, int BlockLength, double Temperature = 0.0, Remasking Remasking = Remasking.LowConfidence);

/// <summary>The answer's tokens, the step (0-based) at which each answer position was committed, and the answer before every step.</summary>
public sealed record SampleResult(long[] Answer, int[] RevealStep, IReadOnlyList<long[]> Frames);

/// <summary>LLaDA's reverse process: start from prompt + N [MASK] and, step by step, commit predictions for a scheduled number of masks.</summary>
/// <remarks>
/// Nie et al. 2025, §2.4 and Appendix B; ML-GSAI/LLaDA generate.py (generate). The answer is split into blocks that are
/// filled left to right (semi-autoregressive); each gets steps / blocks steps and <see cref="TransferSchedule"/> decides
/// how many tokens each step commits. Every step predicts all masks; low-confidence remasking keeps the predictions the
/// model is surest of and puts [MASK] back everywhere else. A committed token is never changed again.
/// </remarks>
public static class DiffusionSampler
{
    /// <summary>
    /// Samples an answer of <paramref name="answerLength"/> tokens after <paramref name="prompt"/> and, when
    /// <paramref name="suffix"/> is given, before it: the canvas is prompt + N [MASK] + suffix, and the model sees both sides.
    /// An empty prompt with a suffix asks what comes before the suffix.
    /// </summary>
    public static SampleResult Generate(MaskPredictor model, long[] prompt, int answerLength, long maskId, SamplerOptions options,
        Generator? generator = null, long[]? suffix = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(options);
        Validate(answerLength, options);
        if (prompt.Contains(maskId))
            throw new ArgumentException("The prompt contains the [MASK] id; prompts must be clean text.", nameof(prompt));
        suffix ??= [];
        if (suffix.Contains(maskId))
            throw new ArgumentException("The suffix contains the [MASK] id; the text after the answer must be clean.", nameof(suffix));
        if (prompt.Length + suffix.Length == 0)
            throw new ArgumentException("Give a prompt, a suffix or both: the model needs some context.", nameof(prompt));
        int blocks = answerLength / options.BlockLength, stepsPerBlock = options.Steps / blocks, p = prompt.Length;
        var x = prompt.Concat(Enumerable.Repeat(maskId, answerLength)).Concat(suffix).ToArray();
        var reveal = Enumerable.Repeat(-1, answerLength).ToArray();
        var frames = new List<long[]>();
        int step = 0;
        for (int block = 0; block < blocks; block++)
        {
            int start = block * options.BlockLength, end = start + options.BlockLength;        // answer positions [start, end)
            var counts = TransferSchedule.Counts(options.BlockLength, stepsPerBlock);
            for (int s = 0; s < stepsPerBlock; s++, step++)
            {
                frames.Add(x[p..(p + answerLength)]);
                var (predicted, confidence) = Predict(model, x, p, answerLength, options, generator);
                // Candidates: still-masked positions of the current block; later blocks wait, committed tokens stay.
                var chosen = Enumerable.Range(start, end - start).Where(i => x[p + i] == maskId)
                    .OrderByDescending(i => confidence[i]).ThenBy(i => i).Take(counts[s]).ToList();
                foreach (int i in chosen)
                {
                    x[p + i] = predicted[i];
                    reveal[i] = step;
                }
            }
        }
        frames.Add(x[p..(p + answerLength)]);
        return new SampleResult(x[p..(p + answerLength)], reveal, frames);
    }

    private static void Validate(int answerLength, SamplerOptions options)
    {
        if (answerLength < 1)
            throw new ArgumentOutOfRangeException(nameof(answerLength), $"The answer needs at least one token, not {answerLength}.");
        if (options.BlockLength < 1 || answerLength % options.BlockLength != 0)
            throw new ArgumentException($"Block length {options.BlockLength} must divide the answer length {answerLength}.", nameof(options));
        int blocks = answerLength / options.BlockLength;
        if (options.Steps < blocks || options.Steps % blocks != 0 || options.Steps / blocks > options.BlockLength)
            throw new ArgumentException($"Steps {options.Steps} must be a multiple of the {blocks} blocks, with at most "
                + $"{options.BlockLength} steps per block (one token per step at least).", nameof(options));
    }

    /// <summary>For each answer position: the (noisy) argmax token and its confidence (its probability, or a random number).</summary>
    private static (long[] Tokens, double[] Confidence) Predict(MaskPredictor model, long[] x, int promptLength, int answerLength,
        SamplerOptions options, Generator? generator)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var logits = model(tensor(x).unsqueeze(0))[0, TensorIndex.Slice(promptLength, promptLength + answerLength)];   // (1, T) -> (1, T, V) -> (N, V)
        var tokens = GumbelNoise.Add(logits, options.Temperature, generator).argmax(-1);  // (N)
        var confidence = options.Remasking == Remasking.LowConfidence
            ? logits.to(ScalarType.Float64).softmax(-1).gather(-1, tokens.unsqueeze(-1)).squeeze(-1)   // (N, V) -> (N)
            : rand(tokens.shape[0], dtype: ScalarType.Float64, generator: generator);
        return (tokens.cpu().data<long>().ToArray(), confidence.cpu().data<double>().ToArray());
    }
}
