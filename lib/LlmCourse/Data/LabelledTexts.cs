using System.Text.Json;

namespace LlmCourse.Data;

/// <summary>One example for a text classifier: the text and its class (IMDB: 0 = negative, 1 = positive).</summary>
public sealed record LabelledText(string Text, int Label);

/// <summary>Reads JSON Lines of <c>{"text": "...", "label": 0|1}</c>, as datasets/imdb_*.jsonl are written.</summary>
public static class LabelledTexts
{
    /// <summary>Every record in file order. Throws naming the file, the line and what is wrong with it.</summary>
    /// <param name="classes">Labels must lie in 0 … classes − 1.</param>
    public static IReadOnlyList<LabelledText> Load(string path, int classes = 2)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The dataset '{path}' was not found (looked for {Path.GetFullPath(path)}). The course's datasets ship in the "
                + "repository under datasets/ (see datasets/SOURCES.md); from a notebook, whose working directory is notebooks/, "
                + $"the path is ../datasets/{Path.GetFileName(path)}.", path);

        var records = new List<LabelledText>();
        int lineNumber = 0;
        foreach (string line in Files.TextFile.ReadAllLines(path))
        {
            lineNumber++;
            records.Add(Parse(line, $"{path}:{lineNumber}", classes));
        }
        if (records.Count == 0)
            throw new InvalidDataException($"{path} holds no records. Expected one JSON object per line, {{\"text\": \"...\", \"label\": 0}}.");
        return records;
    }

    /// <summary>One line; <paramref name="where"/> ("file:line") starts every error message.</summary>
    public static LabelledText Parse(string line, string where, int classes = 2)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Trim().Length == 0)
            throw new InvalidDataException($"{where}: the line is empty. Each line must be one JSON object; delete the blank line.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where}: not valid JSON ({e.Message}). Each line must be one object such as "
                + "{\"text\": \"...\", \"label\": 1}.", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{where}: expected a JSON object, found {root.ValueKind}.");
            if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"{where}: the field \"text\" is missing or is not a string.");
            if (!root.TryGetProperty("label", out var label) || label.ValueKind != JsonValueKind.Number || !label.TryGetInt32(out int value))
                throw new InvalidDataException($"{where}: the field \"label\" is missing or is not an integer.");
            if (value < 0 || value >= classes)
                throw new InvalidDataException($"{where}: label {value} is not a class; labels run from 0 to {classes - 1}.");
            return new LabelledText(text.GetString()!, value);
        }
    }
}
