using LlmCourse.Diffusion;
using TorchSharp;

namespace LlmCourse.Tests.Diffusion;

[Collection("Sequential")]
public sealed class PoemDataTests
{
    private static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, relative)))
            dir = dir.Parent;
        return dir is null ? throw new FileNotFoundException(relative) : Path.Combine(dir.FullName, relative);
    }

    [Fact]
    public void Load_CourseFile_648PoemsAnd8522Lines()
    {
        var poems = Poems.Load(RepoFile("datasets/poems.jsonl"));

        Assert.Equal(648, poems.Count);
        Assert.Equal(8522, poems.Sum(p => p.Lines.Count));
        Assert.Equal("shakespeare-sonnet-001", poems[0].Id);
    }

    [Fact]
    public void Load_MissingFile_NamesTheFileAndTheFix()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Poems.Load("no/such/poems.jsonl"));
        Assert.Contains("poems.jsonl", e.Message);
        Assert.Contains("git checkout", e.Message);
    }

    [Fact]
    public void Load_MalformedLine_NamesTheLineNumber()
    {
        string path = Path.Combine(Path.GetTempPath(), $"poems-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, ["{\"id\": \"a\", \"lines\": [\"one\", \"two\"]}", "{not json", "{\"id\": \"c\", \"lines\": []}"]);
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => Poems.Load(path));
            Assert.Contains("line 2", e.Message);
            File.WriteAllLines(path, ["{\"id\": \"c\", \"lines\": []}"]);
            Assert.Contains("line 1", Assert.Throws<InvalidDataException>(() => Poems.Load(path)).Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Vocabulary_Words_RoundTripAndRejectUnknownWords()
    {
        var v = new PoemVocabulary(["a rose, a rose", "is a rose"]);

        Assert.Equal(4 + 4, v.Size);                              // 4 specials + "a", "is", "rose", "rose,"
        Assert.Equal(["a", "is", "rose", "rose,"], v.Words);
        Assert.Equal("is a rose,", v.AnswerText(v.Encode("is a rose,")));
        Assert.Equal("[MASK] [EOS] a", v.Decode([PoemVocabulary.MaskId, PoemVocabulary.EosId, 4]));
        Assert.Equal("a rose", v.AnswerText([.. v.Encode("a rose"), PoemVocabulary.EosId, .. v.Encode("is")]));
        Assert.Contains("'tulip'", Assert.Throws<ArgumentException>(() => v.Encode("a tulip")).Message);
        Assert.Contains("single spaces", Assert.Throws<ArgumentException>(() => v.Encode("a  rose")).Message);
        Assert.Equal(new long[] { 4, 6, 1, 1 }, v.Slot("a rose", 4));
        Assert.Contains("one [EOS]", Assert.Throws<ArgumentException>(() => v.Slot("a rose", 2)).Message);
    }

    [Fact]
    public void LineCompletion_DocumentsTasksAndBatch_LinesInFixedSlots()
    {
        var poem = new Poem("p", "", "", ["a b", "b a", "a a b"]);
        var v = new PoemVocabulary(poem.Lines);
        var pairs = LineCompletion.AdjacentPairs([poem]);
        var tasks = LineCompletion.Tasks([poem], Direction.Next, Direction.Previous);

        Assert.Equal([("a b", "b a"), ("b a", "a a b")], pairs);
        Assert.Equal("a b [EOS] [EOS] b a [EOS] [EOS]", v.Decode(LineCompletion.Documents(v, pairs, 4)[0].data<long>().ToArray()));
        Assert.Equal(4, tasks.Count);
        Assert.Equal(("b a", "a b"), (tasks[1].Given, tasks[1].Expected));   // previous line of "b a"
        var (ids, prompts, answers) = LineCompletion.Batch(v, tasks, 4, padAnswers: true);
        Assert.Equal(new long[] { 4, 9 }, ids.shape);                        // [NEXT]/[PREV] + 2 slots of 4
        Assert.Equal(new long[] { 5, 5, 5, 5 }, prompts.data<long>().ToArray());
        Assert.Equal(new long[] { 4, 4, 4, 4 }, answers.data<long>().ToArray());
        Assert.Equal("[PREV] b a [EOS] [EOS] a b [EOS] [EOS]", v.Decode(ids[1].data<long>().ToArray()));
        Assert.Equal(new long[] { 3, 3, 4, 3 }, LineCompletion.Batch(v, tasks, 4, padAnswers: false).AnswerLengths.data<long>().ToArray());
        Assert.Throws<ArgumentException>(() => LineCompletion.Answer(v, tasks[2], 3));
        Assert.Throws<ArgumentException>(() => LineCompletion.Documents(v, [], 4));
    }
}
