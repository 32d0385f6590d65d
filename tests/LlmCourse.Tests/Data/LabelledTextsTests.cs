using LlmCourse.Data;

namespace LlmCourse.Tests.Data;

public sealed class LabelledTextsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "llmcourse-labelled-" + Guid.NewGuid().ToString("N"));

    public LabelledTextsTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(params string[] lines)
    {
        string path = Path.Combine(_folder, "reviews.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Load_WellFormedLines_ReadsTextsAndLabelsInOrder()
    {
        string path = Write("{\"text\": \"A fine \\\"film\\\".\", \"label\": 1}", "{\"label\": 0, \"text\": \"Dull.\"}");

        var records = LabelledTexts.Load(path);

        Assert.Equal([new LabelledText("A fine \"film\".", 1), new LabelledText("Dull.", 0)], records);
    }

    [Fact]
    public void Load_MissingFile_NamesThePathAndTheDatasetsFolder()
    {
        string path = Path.Combine(_folder, "imdb_small_train.jsonl");

        var e = Assert.Throws<FileNotFoundException>(() => LabelledTexts.Load(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("datasets/", e.Message);
        Assert.Contains("../datasets/imdb_small_train.jsonl", e.Message);
    }

    [Theory]
    [InlineData("{\"text\": \"ok\", \"label\": 1", "not valid JSON")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"label\": 1}", "\"text\"")]
    [InlineData("{\"text\": \"ok\", \"label\": \"positive\"}", "\"label\"")]
    [InlineData("{\"text\": \"ok\", \"label\": 2}", "label 2 is not a class")]
    [InlineData("", "empty")]
    public void Load_MalformedLine_NamesFileLineAndProblem(string badLine, string problem)
    {
        string path = Write("{\"text\": \"fine\", \"label\": 0}", badLine, "{\"text\": \"never read\", \"label\": 1}");

        var e = Assert.Throws<InvalidDataException>(() => LabelledTexts.Load(path));

        Assert.Contains($"{path}:2", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Load_TheCourseFiles_HaveTheSizesOfSourcesMd()
    {
        var small = LabelledTexts.Load(Path.Combine(FindDatasets(), "imdb_small_test.jsonl"));
        var shortTest = LabelledTexts.Load(Path.Combine(FindDatasets(), "imdb_short_test.jsonl"));

        Assert.Equal((200, 100), (small.Count, small.Count(r => r.Label == 1)));
        Assert.Equal((1000, 500), (shortTest.Count, shortTest.Count(r => r.Label == 1)));
    }

    private static string FindDatasets()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "datasets", "imdb_small_test.jsonl")))
                return Path.Combine(dir.FullName, "datasets");
        throw new DirectoryNotFoundException("No datasets/imdb_small_test.jsonl above the test assembly: run the tests inside the repository.");
    }
}
