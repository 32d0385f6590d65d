namespace Workbook.Tests.Infrastructure;

/// <summary>Where the tests find the repository, their fixtures and scratch folders.</summary>
internal static class TestPaths
{
    public static RepoLayout Repo { get; } = RepoLayout.Find();

    /// <summary>A file under Fixtures/, as copied next to the test assembly.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    /// <summary>A new empty folder under the system temp folder. Callers delete it (see <see cref="DeleteQuietly"/>).</summary>
    public static string NewTempDirectory(string purpose)
    {
        string path = Path.Combine(Path.GetTempPath(), "workbook-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
