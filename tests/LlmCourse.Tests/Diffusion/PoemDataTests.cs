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
    public void Vocabulary_EncodeDecode_RoundTripsAndRejectsUnknownCharacters()
    {
        var v = new PoemVocabulary(["a rose", "is a"]);

        Assert.Equal(4 + 8, v.Size);                              // 4 specials + " \naeiors"
        Assert.Equal("a rose\nis", v.Decode(v.Encode("a rose\nis")));
        Assert.Equal("[MASK][EOS]", v.Decode([PoemVocabulary.MaskId, PoemVocabulary.EosId]));
        Assert.Equal("ros", v.AnswerText([.. v.Encode("ros"), PoemVocabulary.EosId, .. v.Encode("e")]));
        var e = Assert.Throws<ArgumentException>(() => v.Encode("z"));
        Assert.Contains("'z'", e.Message);
    }

    [Fact]
    public void LineCompletion_TasksAndBatch_PromptThenPaddedAnswer()
    {
        var poem = new Poem("p", "", "", ["ab", "ba", "aab"]);
        var v = new PoemVocabulary([poem.Text]);
        var tasks = LineCompletion.Tasks([poem], Direction.Next, Direction.Previous);

        Assert.Equal(4, tasks.Count);
        Assert.Equal(("ba", "ab"), (tasks[1].Given, tasks[1].Expected));   // previous line of "ba"
        var (ids, prompts, answers) = LineCompletion.Batch(v, tasks, 5, padAnswers: true);
        Assert.Equal(new long[] { 4, 10 }, ids.shape);               // the longest prompt "[PREV]aab\n" + 5
        Assert.Equal(new long[] { 4, 4, 4, 5 }, prompts.data<long>().ToArray());
        Assert.Equal(new long[] { 5, 5, 5, 5 }, answers.data<long>().ToArray());
        Assert.Equal("[PREV]ba\nab[EOS][EOS][EOS][EOS]", v.Decode(ids[1].data<long>().ToArray()));
        Assert.Throws<ArgumentException>(() => LineCompletion.Answer(v, tasks[0], 2));
    }
}
