using static TorchSharp.torch;

namespace LlmCourse.Diffusion;

/// <summary>Which neighbour of a line the task asks for: the next line (forward) or the previous one (reversal).</summary>
public enum Direction { Next, Previous }

/// <summary>One completion task: [NEXT] or [PREV], a line → the neighbouring line.</summary>
public sealed record LineTask(string PoemId, Direction Direction, string Given, string Expected);

/// <summary>
/// The reversal experiment's text layout: every line sits in a slot of a fixed number of tokens (its words, then [EOS]).
/// A pretraining document is two adjacent lines, slot after slot; a task is a direction token, the given line's slot and
/// the answer's slot.
/// </summary>
/// <remarks>
/// After Nie et al. 2025, §3.3 (the reversal curse, Berglund et al. 2023): given one line of a poem, write the next line or the
/// previous one. Fixed slots put every line at the same offsets in every document, so a blank of one slot in front of a
/// line is a well-posed question for the diffusion model ("which line comes before this one?"), and the answer's slot is the
/// canvas its sampler fills.
/// </remarks>
public static class LineCompletion
{
    /// <summary>Every pair of adjacent lines of every poem, in order: (earlier line, later line).</summary>
    public static List<(string First, string Second)> AdjacentPairs(IEnumerable<Poem> poems) =>
        poems.SelectMany(p => Enumerable.Range(0, p.Lines.Count - 1).Select(i => (p.Lines[i], p.Lines[i + 1]))).ToList();

    /// <summary>Pretraining documents (N, 2·slot): each adjacent pair of lines, the earlier line's slot then the later line's.</summary>
    public static Tensor Documents(PoemVocabulary vocabulary, IReadOnlyList<(string First, string Second)> pairs, int slot, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
            throw new ArgumentException("No pairs of lines: every poem needs at least two lines.", nameof(pairs));
        var rows = pairs.SelectMany(p => vocabulary.Slot(p.First, slot).Concat(vocabulary.Slot(p.Second, slot))).ToArray();
        return tensor(rows, device: device).reshape(pairs.Count, 2 * slot);   // (N*2S) -> (N, 2S)
    }

    /// <summary>Every adjacent pair of lines of every poem, asked in the given directions.</summary>
    public static List<LineTask> Tasks(IEnumerable<Poem> poems, params Direction[] directions)
    {
        var tasks = new List<LineTask>();
        foreach (var poem in poems)
            for (int i = 0; i + 1 < poem.Lines.Count; i++)
                foreach (var d in directions)
                    tasks.Add(d == Direction.Next
                        ? new LineTask(poem.Id, d, poem.Lines[i], poem.Lines[i + 1])
                        : new LineTask(poem.Id, d, poem.Lines[i + 1], poem.Lines[i]));
        return tasks;
    }

    /// <summary>The prompt's ids: the direction token, then the given line's slot (1 + slot tokens).</summary>
    public static long[] Prompt(PoemVocabulary vocabulary, LineTask task, int slot) =>
        [task.Direction == Direction.Next ? PoemVocabulary.NextId : PoemVocabulary.PrevId, .. vocabulary.Slot(task.Given, slot)];

    /// <summary>The answer's ids: the expected line's slot.</summary>
    public static long[] Answer(PoemVocabulary vocabulary, LineTask task, int slot) => vocabulary.Slot(task.Expected, slot);

    /// <summary>
    /// A batch (B, 1 + 2·slot) of prompt + answer rows, with each row's prompt length (B) and the number of answer tokens
    /// that count (B): the whole slot for the diffusion model (it learns to write the [EOS] padding), the line and one
    /// [EOS] for the autoregressive model (it stops there).
    /// </summary>
    public static (Tensor Ids, Tensor PromptLengths, Tensor AnswerLengths) Batch(PoemVocabulary vocabulary, IReadOnlyList<LineTask> tasks,
        int slot, bool padAnswers, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var rows = tasks.SelectMany(t => Prompt(vocabulary, t, slot).Concat(Answer(vocabulary, t, slot))).ToArray();
        var ids = tensor(rows, device: device).reshape(tasks.Count, 1 + 2 * slot);   // (B*T) -> (B, T)
        return (ids, full(tasks.Count, 1 + slot, dtype: ScalarType.Int64, device: device),
            tensor(tasks.Select(t => padAnswers ? slot : vocabulary.Encode(t.Expected).Length + 1L).ToArray(), device: device));
    }
}
