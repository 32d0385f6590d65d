using static TorchSharp.torch;

namespace LlmCourse.Diffusion;

/// <summary>Which neighbour of a line the task asks for: the next line (forward) or the previous one (reversal).</summary>
public enum Direction { Next, Previous }

/// <summary>One completion task: [NEXT] or [PREV], a line, '\n' → the neighbouring line.</summary>
public sealed record LineTask(string PoemId, Direction Direction, string Given, string Expected);

/// <summary>Builds the reversal experiment's tasks and the (prompt, answer) token rows both models are fine-tuned on.</summary>
/// <remarks>
/// After Nie et al. 2025, §3.3 (the reversal curse, Berglund et al. 2023): given one line of a poem, write the next line or the
/// previous one. The prompt reads "[NEXT] line\n" or "[PREV] line\n"; the answer is the wanted line followed by [EOS]
/// padding up to a fixed answer length, the diffusion model's canvas.
/// </remarks>
public static class LineCompletion
{
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

    /// <summary>The prompt's ids: direction token, the given line, '\n'.</summary>
    public static long[] Prompt(PoemVocabulary vocabulary, LineTask task) =>
        [task.Direction == Direction.Next ? PoemVocabulary.NextId : PoemVocabulary.PrevId, .. vocabulary.Encode(task.Given + "\n")];

    /// <summary>The answer's ids: the expected line, then [EOS] up to <paramref name="answerLength"/>.</summary>
    public static long[] Answer(PoemVocabulary vocabulary, LineTask task, int answerLength)
    {
        var line = vocabulary.Encode(task.Expected);
        if (line.Length >= answerLength)
            throw new ArgumentException($"Line '{task.Expected}' has {line.Length} characters; the answer length {answerLength} "
                + "must exceed the longest line so that one [EOS] always follows.", nameof(answerLength));
        return [.. line, .. Enumerable.Repeat((long)PoemVocabulary.EosId, answerLength - line.Length)];
    }

    /// <summary>
    /// A batch (B, T) of prompt + answer rows, right-padded with [EOS], with each row's prompt length (B) and the number of
    /// answer tokens that count (B): the whole padded answer for the diffusion model, line + one [EOS] for the AR model.
    /// </summary>
    public static (Tensor Ids, Tensor PromptLengths, Tensor AnswerLengths) Batch(PoemVocabulary vocabulary, IReadOnlyList<LineTask> tasks,
        int answerLength, bool padAnswers, Device? device = null)
    {
        var prompts = tasks.Select(t => Prompt(vocabulary, t)).ToList();
        var answers = tasks.Select(t => padAnswers ? Answer(vocabulary, t, answerLength)
            : [.. vocabulary.Encode(t.Expected), PoemVocabulary.EosId]).ToList();
        int width = prompts.Zip(answers, (p, a) => p.Length + a.Length).Max();
        var rows = prompts.Zip(answers, (p, a) => p.Concat(a).Concat(Enumerable.Repeat((long)PoemVocabulary.EosId, width - p.Length - a.Length)));
        var ids = tensor(rows.SelectMany(r => r).ToArray(), device: device).reshape(tasks.Count, width);   // (B*T) -> (B, T)
        return (ids, tensor(prompts.Select(p => (long)p.Length).ToArray(), device: device),
            tensor(answers.Select(a => (long)a.Length).ToArray(), device: device));
    }
}
