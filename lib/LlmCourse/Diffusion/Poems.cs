using System.Text.Json;

namespace LlmCourse.Diffusion;

/// <summary>One poem of datasets/poems.jsonl: its id, author, title and non-empty verse lines in order.</summary>
public sealed record Poem(string Id, string Author, string Title, IReadOnlyList<string> Lines)
{
    /// <summary>The lines joined by '\n': the text both models are pretrained on, in natural order.</summary>
    public string Text => string.Join('\n', Lines);

    /// <summary>The longest line, in characters.</summary>
    public int LongestLine => Lines.Max(l => l.Length);
}

/// <summary>Reads datasets/poems.jsonl (one JSON poem per line) with clear errors for a missing file or a bad line.</summary>
public static class Poems
{
    private sealed record Row(string? id, string? author, string? title, List<string>? lines);

    /// <summary>Every poem in the file, in file order.</summary>
    public static IReadOnlyList<Poem> Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"Poem file '{path}' not found (resolved to '{Path.GetFullPath(path)}'). It ships with the course as datasets/poems.jsonl; "
                + "run the notebook from its folder or restore the file with 'git checkout -- datasets/poems.jsonl'.", path);
        var poems = new List<Poem>();
        int number = 0;
        foreach (var line in Files.TextFile.ReadAllLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            Row? row;
            try
            {
                using var _ = JsonDocument.Parse(line);   // syntax first, so the two kinds of mistake get their own message
            }
            catch (JsonException e)
            {
                throw new InvalidDataException(
                    $"{path}, line {number}: not valid JSON ({e.Message}). Each line must be one poem "
                    + "{\"id\": …, \"author\": …, \"title\": …, \"lines\": [\"…\"]}; fix or delete the line, or restore the file from git.", e);
            }
            try { row = JsonSerializer.Deserialize<Row>(line); }
            catch (JsonException e)
            {
                throw new InvalidDataException(
                    $"{path}, line {number}: valid JSON, but not a poem: {(e.Path is { Length: > 0 } at ? $"the value at {at} has the wrong type" : e.Message)}. "
                    + "\"id\", \"author\" and \"title\" are strings and \"lines\" is an array of strings; fix or delete the line, or restore the file from git.", e);
            }
            if (row?.id is null || row.lines is null || row.lines.Count == 0 || row.lines.Any(string.IsNullOrEmpty))
                throw new InvalidDataException(
                    $"{path}, line {number}: a poem needs an \"id\" and a non-empty \"lines\" array of non-empty strings. "
                    + "Fix or delete the line, or restore the file from git.");
            poems.Add(new Poem(row.id, row.author ?? "", row.title ?? "", row.lines));
        }
        if (poems.Count == 0)
            throw new InvalidDataException($"{path} holds no poems. Restore it with 'git checkout -- datasets/poems.jsonl'.");
        return poems;
    }
}
