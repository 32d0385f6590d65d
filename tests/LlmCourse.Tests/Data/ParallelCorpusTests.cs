using LlmCourse.Data;

namespace LlmCourse.Tests.Data;

public sealed class ParallelCorpusTests
{
    private static readonly SentencePair[] Pairs =
        Enumerable.Range(0, 2000).Select(i => new SentencePair($"sentence {i}", $"Satz {i}")).ToArray();

    private static string WriteTemp(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"parallel-{Guid.NewGuid():N}.tsv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Load_TabSeparatedLines_ReadsSourceAndTarget()
    {
        string path = WriteTemp("We go tomorrow.\tWir fahren morgen ab.\nWho is that?\tWer ist das?\n");
        try
        {
            var pairs = ParallelCorpus.Load(path);
            Assert.Equal([new SentencePair("We go tomorrow.", "Wir fahren morgen ab."), new SentencePair("Who is that?", "Wer ist das?")], pairs);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Load_MissingFile_NamesThePathAndTheDataset()
    {
        var e = Assert.Throws<FileNotFoundException>(() => ParallelCorpus.Load("no/such/corpus.tsv"));
        Assert.Contains("no/such/corpus.tsv", e.Message);
        Assert.Contains("translation_en_de.tsv", e.Message);
    }

    [Theory]
    [InlineData("Who is that? Wer ist das?", 0)]
    [InlineData("Who\tis that?\tWer ist das?", 2)]
    public void Load_LineWithoutExactlyOneTab_NamesFileAndLine(string badLine, int tabs)
    {
        string path = WriteTemp($"We go tomorrow.\tWir fahren morgen ab.\n{badLine}\nPlants grow.\tPflanzen wachsen.\n");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => ParallelCorpus.Load(path));
            Assert.Contains($"{path}:2:", e.Message);
            Assert.Contains($"found {tabs}", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Load_EmptyTarget_IsRefused()
    {
        string path = WriteTemp("We go tomorrow.\t \n");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => ParallelCorpus.Load(path));
            Assert.Contains(":1:", e.Message);
            Assert.Contains("target", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Split_Sizes_AreExactAndAPartition()
    {
        var split = ParallelCorpus.Split(Pairs, seed: 1337, testCount: 500, validationCount: 300);

        Assert.Equal((1200, 300, 500), (split.Train.Count, split.Validation.Count, split.Test.Count));
        Assert.Equal(Pairs.Select(p => p.Source).Order(),
            split.Train.Concat(split.Validation).Concat(split.Test).Select(p => p.Source).Order());
        Assert.Empty(split.Train.Intersect(split.Test));
        Assert.Empty(split.Validation.Intersect(split.Test));
        Assert.Empty(split.Train.Intersect(split.Validation));
    }

    [Fact]
    public void Split_SameSeed_GivesTheSameTestSet()
    {
        var first = ParallelCorpus.Split(Pairs, seed: 1337);
        var second = ParallelCorpus.Split(Pairs, seed: 1337);
        var other = ParallelCorpus.Split(Pairs, seed: 7);

        Assert.Equal(first.Test, second.Test);
        Assert.Equal(first.Train, second.Train);
        Assert.NotEqual(first.Test, other.Test);
        Assert.NotEqual(Pairs[..500], first.Test);                        // shuffled, not the first 500 lines
    }

    [Fact]
    public void Split_TooFewPairs_Throws()
    {
        Assert.Throws<ArgumentException>(() => ParallelCorpus.Split(Pairs[..900], seed: 1, testCount: 500, validationCount: 400));
    }

    [Fact]
    public void Load_CourseDataset_Has15000PairsAndA500PairTestSet()
    {
        string path = Path.Combine(RepositoryRoot(), "datasets", "translation_en_de.tsv");
        var pairs = ParallelCorpus.Load(path);
        var split = ParallelCorpus.Split(pairs, seed: 1337);

        Assert.Equal(15_000, pairs.Count);
        Assert.Equal(500, split.Test.Count);
        Assert.Empty(split.Train.Select(p => p.Source).Intersect(split.Test.Select(p => p.Source)));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LlmCourse.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new DirectoryNotFoundException("LlmCourse.slnx not found above the test binaries.");
    }
}
