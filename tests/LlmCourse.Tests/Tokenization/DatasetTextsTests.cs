using LlmCourse.Tokenization;

namespace LlmCourse.Tests.Tokenization;

public sealed class DatasetTextsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "llmcourse-datasets-" + Guid.NewGuid().ToString("N"));

    public DatasetTextsTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Enumerate_RepositoryDatasets_GivesEveryRecordDatasetsSourcesDescribes()
    {
        var counts = DatasetTexts.Enumerate(TokenizationFixtures.DatasetsFolder)
            .GroupBy(t => t.Source).ToDictionary(g => g.Key, g => g.Count());

        // Record counts from datasets/SOURCES.md.
        Assert.Equal(32_033, counts["names.txt lines"]);
        Assert.Equal(1_200, counts["imdb_small_train.jsonl reviews"]);
        Assert.Equal(200, counts["imdb_small_test.jsonl reviews"]);
        Assert.Equal(5_000, counts["imdb_short_train.jsonl reviews"]);
        Assert.Equal(1_000, counts["imdb_short_test.jsonl reviews"]);
        Assert.Equal(15_000, counts["translation_en_de.tsv English"]);
        Assert.Equal(15_000, counts["translation_en_de.tsv German"]);
        Assert.Equal(8_522, counts["poems.jsonl lines"]);
        Assert.Equal(40_000 - File.ReadLines(Path.Combine(TokenizationFixtures.DatasetsFolder, "tinyshakespeare.txt")).Count(l => l.Length == 0),
            counts["tinyshakespeare.txt lines"]);
        Assert.All(DatasetTexts.WholeFiles, name => Assert.Equal(1, counts[$"{name} whole"]));
    }

    [Fact]
    public void Enumerate_MissingFolder_ThrowsNamingTheFile()
    {
        string missing = Path.Combine(_folder, "nothing-here");

        var e = Assert.Throws<FileNotFoundException>(() => DatasetTexts.Enumerate(missing).First());
        Assert.Contains(Path.Combine(missing, "names.txt"), e.Message);
        Assert.Contains("../datasets", e.Message);
    }

    [Fact]
    public void Enumerate_MalformedReview_ThrowsNamingTheFileAndLine()
    {
        File.WriteAllText(Path.Combine(_folder, "names.txt"), "emma\n");
        File.WriteAllText(Path.Combine(_folder, "tinyshakespeare.txt"), "First Citizen:\n");
        File.WriteAllText(Path.Combine(_folder, "imdb_small_train.jsonl"), "{\"text\": \"fine\", \"label\": 1}\n{\"label\": 0}\n");

        var e = Assert.Throws<InvalidDataException>(() => DatasetTexts.Enumerate(_folder).ToList());
        Assert.Contains("imdb_small_train.jsonl, line 2", e.Message);
        Assert.Contains("no \"text\" field", e.Message);
    }

    [Fact]
    public void Enumerate_TranslationLineWithoutTab_ThrowsNamingTheLine()
    {
        File.WriteAllText(Path.Combine(_folder, "names.txt"), "");
        File.WriteAllText(Path.Combine(_folder, "tinyshakespeare.txt"), "");
        foreach (string name in DatasetTexts.ReviewFiles)
            File.WriteAllText(Path.Combine(_folder, name), "");
        File.WriteAllText(Path.Combine(_folder, "translation_en_de.tsv"), "Hi.\tHallo.\nNo tab here\n");

        var e = Assert.Throws<InvalidDataException>(() => DatasetTexts.Enumerate(_folder).ToList());
        Assert.Contains("translation_en_de.tsv, line 2", e.Message);
    }
}
