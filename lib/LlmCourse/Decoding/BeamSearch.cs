using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Decoding;

/// <summary>Beam search: keep the W most likely partial sequences at every step instead of the single greedy one.</summary>
/// <remarks>
/// Greedy decoding commits to the best next token; a likely token can lead to unlikely continuations, and greedy never
/// looks back. Beam search (as in Graves 2012, "Sequence Transduction with Recurrent Neural Networks", and Sutskever,
/// Vinyals and Le 2014) scores whole sequences by Σ log p and keeps W of them alive, so it can find a sequence whose first
/// token was not the most likely. Width 1 is greedy decoding. Longer sequences collect more negative terms, so with a stop
/// token beam search favours stopping early; the length penalty of Wu et al. 2016 (GNMT, §7) divides the score by
/// lp(Y) = ((5 + |Y|) / 6)^α, α = 0 (no penalty) by default. Finished beams stay in the pool and compete with the
/// extensions of the live ones; the search ends when all W beams have finished or after the given number of steps.
/// </remarks>
public static class BeamSearch
{
    /// <summary>
    /// Searches from a (1, T) prompt for <paramref name="newTokens"/> steps with <paramref name="width"/> beams. Ties are
    /// broken towards the earlier beam, then the lower token id, so width 1 picks exactly what greedy decoding picks.
    /// </summary>
    public static BeamSearchResult Run(
        NextTokenModel model, Tensor prompt, int width, int newTokens,
        long? stopToken = null, double lengthPenalty = 0.0, int? contextLength = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Generation.RequireIds(prompt, nameof(prompt));
        if (prompt.shape[0] != 1)
            throw new ArgumentException($"Beam search starts from one prompt, (1, T); found {prompt.shape[0]} rows. Search each prompt on its own.", nameof(prompt));
        if (width < 1)
            throw new ArgumentOutOfRangeException(nameof(width), width, "The beam width W must be at least 1 (W = 1 is greedy decoding).");
        ArgumentOutOfRangeException.ThrowIfNegative(newTokens);
        if (!(lengthPenalty >= 0) || double.IsInfinity(lengthPenalty))
            throw new ArgumentOutOfRangeException(nameof(lengthPenalty), lengthPenalty,
                "The length-penalty exponent α must be a finite number ≥ 0: 0 turns it off, GNMT used 0.6 to 0.7.");
        if (contextLength is <= 0)
            throw new ArgumentOutOfRangeException(nameof(contextLength), contextLength, "The context length must be at least 1 token.");

        var device = prompt.device;
        using var start = prompt.cpu();                                       // (1, T)
        var beams = new List<Beam> { new(start.data<long>().ToArray(), 0.0, 0, false, 0.0) };
        using (no_grad())
        {
            for (int step = 0; step < newTokens && beams.Any(b => !b.Finished); step++)
            {
                // Live beams all grew one token per step, so they have the same length and go through the model as one batch.
                var live = beams.Where(b => !b.Finished).ToList();
                double[] logProbabilities;                                     // (L · V), row-major
                int vocabulary;
                using (NewDisposeScope())
                {
                    var ids = tensor(live.SelectMany(b => b.Tokens).ToArray(), device: device).view(live.Count, -1);   // (L, T)
                    var logits = model.Predict(NextTokenModels.Crop(ids, contextLength));                             // (L, V)
                    // Float64 so that sums of log-probabilities can be checked against hand computations to ~1e-15.
                    var logp = logits.to(ScalarType.Float64).log_softmax(-1).cpu();                                   // (L, V)
                    vocabulary = (int)logp.shape[1];
                    logProbabilities = logp.data<double>().ToArray();
                }
                var totals = new double[logProbabilities.Length];
                for (int i = 0; i < totals.Length; i++)
                    totals[i] = live[i / vocabulary].LogProbability + logProbabilities[i];

                // Extensions of one step all have the same length, so the W best by log-probability are the W best by score.
                var candidates = beams.Where(b => b.Finished).ToList();       // finished beams compete as they are
                foreach (int i in Best(totals, width))
                {
                    var parent = live[i / vocabulary];
                    long token = i % vocabulary;
                    int length = parent.NewTokens + 1;
                    candidates.Add(new Beam([.. parent.Tokens, token], totals[i], length, token == stopToken,
                        totals[i] / Penalty(length, lengthPenalty)));
                }
                if (candidates.Count == 0)
                    throw new InvalidOperationException("Every continuation has probability 0 (or the model returned NaN logits).");
                beams = candidates.OrderByDescending(b => b.Score).Take(width).ToList();   // stable: earlier candidates win ties
            }
        }
        return new BeamSearchResult(beams.OrderByDescending(b => b.Score).ToList());
    }

    /// <summary>Wu et al. 2016's length penalty, ((5 + |Y|) / 6)^α: 1 for α = 0, growing with length for α &gt; 0.</summary>
    public static double Penalty(int newTokens, double alpha) => Math.Pow((5.0 + newTokens) / 6.0, alpha);

    /// <summary>Indices of the <paramref name="count"/> largest finite values, best first; equal values: lower index first.</summary>
    private static List<int> Best(double[] values, int count)
    {
        // A heap of the best so far with the worst on top: lower value is worse, and on equal values the higher index is.
        var worstFirst = Comparer<(double Value, int Index)>.Create((a, b) =>
            a.Value != b.Value ? a.Value.CompareTo(b.Value) : b.Index.CompareTo(a.Index));
        var heap = new PriorityQueue<int, (double, int)>(worstFirst);
        for (int i = 0; i < values.Length; i++)
        {
            if (!(values[i] > double.NegativeInfinity))
                continue;                                                 // probability 0, or NaN: never a candidate
            if (heap.Count < count)
                heap.Enqueue(i, (values[i], i));
            else if (worstFirst.Compare((values[i], i), PeekPriority(heap)) > 0)
                heap.EnqueueDequeue(i, (values[i], i));
        }
        var best = new List<int>(heap.Count);
        while (heap.Count > 0)
            best.Add(heap.Dequeue());
        best.Reverse();                                                   // the heap gives worst first
        return best;
    }

    private static (double, int) PeekPriority(PriorityQueue<int, (double, int)> heap) =>
        heap.TryPeek(out _, out var priority) ? priority : default;
}
