using System.Text;
using System.Text.Json;

namespace LlmCourse.Tokenization;

/// <summary>Every text in the course's datasets/ folder, record by record: what the tokenizer parity check compares.</summary>
/// <remarks>
/// A "text" is one record: each line of names.txt and of tinyshakespeare.txt (empty lines left out), the "text" of
/// each review in the four imdb_*.jsonl files, each side (English, German) of each pair in translation_en_de.tsv,
/// and each line of each poem in poems.jsonl. Lines never hold a line break, so the three plain-text files
/// (names.txt, tinyshakespeare.txt, translation_en_de.tsv) are also given whole, line breaks and tabs included.
/// </remarks>
public static class DatasetTexts
{
    public sealed record Text(string Source, string Value);

    public static readonly string[] WholeFiles = ["names.txt", "tinyshakespeare.txt", "translation_en_de.tsv"];
    public static readonly string[] ReviewFiles =
        ["imdb_small_train.jsonl", "imdb_small_test.jsonl", "imdb_short_train.jsonl", "imdb_short_test.jsonl"];

    /// <summary>All texts, in a fixed order; <see cref="Text.Source"/> says which file and which kind of record.</summary>
    public static IEnumerable<Text> Enumerate(string datasetsFolder)
    {
        foreach (string name in new[] { "names.txt", "tinyshakespeare.txt" })
        {
            foreach (var (line, _) in Lines(datasetsFolder, name))
            {
                if (line.Length > 0)
                    yield return new Text($"{name} lines", line);
            }
        }
        foreach (string name in ReviewFiles)
        {
            foreach (var (line, number) in Lines(datasetsFolder, name))
                yield return new Text($"{name} reviews", JsonField(line, "text", JsonValueKind.String, datasetsFolder, name, number).GetString()!);
        }
        foreach (var (line, number) in Lines(datasetsFolder, "translation_en_de.tsv"))
        {
            string[] sides = line.Split('\t');
            if (sides.Length != 2)
                throw Malformed(datasetsFolder, "translation_en_de.tsv", number, $"expected 'English<TAB>German' but found {sides.Length} tab-separated fields");
            yield return new Text("translation_en_de.tsv English", sides[0]);
            yield return new Text("translation_en_de.tsv German", sides[1]);
        }
        foreach (var (line, number) in Lines(datasetsFolder, "poems.jsonl"))
        {
            foreach (var poemLine in JsonField(line, "lines", JsonValueKind.Array, datasetsFolder, "poems.jsonl", number).EnumerateArray())
                yield return new Text("poems.jsonl lines", poemLine.GetString()!);
        }
        foreach (string name in WholeFiles)
            yield return new Text($"{name} whole", File.ReadAllText(PathOf(datasetsFolder, name), Encoding.UTF8));
    }

    private static IEnumerable<(string Line, int Number)> Lines(string folder, string name)
    {
        int number = 0;
        foreach (string line in File.ReadLines(PathOf(folder, name), Encoding.UTF8))
            yield return (line, ++number);
    }

    private static string PathOf(string folder, string name)
    {
        string path = Path.Combine(folder, name);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"Dataset file '{path}' not found (looked in {Path.GetFullPath(path)}). The datasets ship in the repository's "
                + "datasets/ folder; from a notebook the path is ../datasets.", path);
        return path;
    }

    private static JsonElement JsonField(string line, string field, JsonValueKind kind, string folder, string name, int number)
    {
        JsonElement value;
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty(field, out value)
                || value.ValueKind != kind)
                throw Malformed(folder, name, number, $"the record has no \"{field}\" field of type {kind}");
            value = value.Clone();   // outlives the document
        }
        catch (JsonException e)
        {
            throw Malformed(folder, name, number, $"the line is not valid JSON ({e.Message})");
        }
        return value;
    }

    private static InvalidDataException Malformed(string folder, string name, int line, string problem) =>
        new($"{Path.Combine(folder, name)}, line {line}: {problem}. The datasets are described in datasets/SOURCES.md; "
            + "restore the file from the repository (git checkout -- datasets/).");
}
