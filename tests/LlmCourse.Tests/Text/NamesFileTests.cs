using LlmCourse.Text;

namespace LlmCourse.Tests.Text;

public sealed class NamesFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("names-file-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string content)
    {
        string path = Path.Combine(_folder, "names.txt");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Load_WellFormedFile_ReturnsTheNamesInOrderWithDuplicates()
    {
        var names = NamesFile.Load(Write("emma\nava\nemma\n"));

        Assert.Equal(["emma", "ava", "emma"], names);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingThePathAndTheCoursesCopy()
    {
        string path = Path.Combine(_folder, "no-such-names.txt");

        var error = Assert.Throws<FileNotFoundException>(() => NamesFile.Load(path));

        Assert.Contains("no-such-names.txt", error.Message);
        Assert.Contains("../datasets/names.txt", error.Message);
    }

    [Fact]
    public void Load_BlankLine_ThrowsNamingTheLine()
    {
        var error = Assert.Throws<InvalidDataException>(() => NamesFile.Load(Write("emma\n\nava\n")));

        Assert.Contains("line 2 is empty", error.Message);
    }

    [Fact]
    public void Load_LineWithASpace_ThrowsNamingTheLineAndTheCharacter()
    {
        var error = Assert.Throws<InvalidDataException>(() => NamesFile.Load(Write("emma\nmary ann\n")));

        Assert.Contains("line 2", error.Message);
        Assert.Contains("\"mary ann\"", error.Message);
        Assert.Contains("position 4", error.Message);
    }

    [Fact]
    public void Load_EmptyFile_Throws()
    {
        Assert.Throws<InvalidDataException>(() => NamesFile.Load(Write("")));
    }

    [Fact]
    public void Load_TheCoursesNamesFile_Has32033NamesOver26Letters()
    {
        string? folder = AppContext.BaseDirectory;
        while (folder is not null && !File.Exists(Path.Combine(folder, "datasets", "names.txt")))
            folder = Path.GetDirectoryName(folder);
        Assert.NotNull(folder);

        var names = NamesFile.Load(Path.Combine(folder, "datasets", "names.txt"));

        Assert.Equal(32_033, names.Count);
        Assert.Equal(27, CharVocabulary.FromText(names).Size);
    }
}
