using System.Text;
using LlmCourse.Data;
using LlmCourse.Diffusion;
using LlmCourse.Gpt;
using LlmCourse.Text;
using LlmCourse.Tokenization;

namespace LlmCourse.Tests.FaultInjection;

/// <summary>The text files the course reads, as a Windows clone, another editor or a careless edit leaves them.</summary>
public sealed class TextFaultTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmcourse-text-faults-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text) => WriteBytes(name, Encoding.UTF8.GetBytes(text));

    private string WriteBytes(string name, byte[] bytes)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    internal static string Datasets()
    {
        string? folder = AppContext.BaseDirectory;
        while (folder is not null && !File.Exists(Path.Combine(folder, "datasets", "tinyshakespeare.txt")))
            folder = Path.GetDirectoryName(folder);
        return Path.Combine(folder ?? throw new DirectoryNotFoundException("datasets/ not found above the test assembly"), "datasets");
    }

    [Fact]
    public void Shakespeare_WithWindowsLineEnds_HasTheSameVocabulary()
    {
        string text = File.ReadAllText(Path.Combine(Datasets(), "tinyshakespeare.txt"));
        string crlf = Write("shakespeare-crlf.txt", text.Replace("\n", "\r\n"));

        var lf = CharDataset.FromText(text);
        var windows = CharDataset.Load(crlf);

        Assert.Equal(65, lf.Tokenizer.Size);
        Assert.Equal(lf.Tokenizer.Size, windows.Tokenizer.Size);     // no '\r' among the characters
        Assert.Equal(lf[DataSplit.Train].shape, windows[DataSplit.Train].shape);
    }

    [Fact]
    public void Names_WithWindowsLineEnds_ReadTheSame()
    {
        var names = NamesFile.Load(Write("names-crlf.txt", "emma\r\nolivia\r\nava\r\n"));

        Assert.Equal(["emma", "olivia", "ava"], names);
    }

    [Fact]
    public void Names_InLatin1_AreRefusedWithTheEncodingAndTheFix()
    {
        // "zoë" as Latin-1 writes 'ë' as the single byte 0xEB, which is not UTF-8.
        string path = WriteBytes("names-latin1.txt", [.. "emma\nzo"u8.ToArray(), 0xEB, (byte)'\n']);

        var error = Assert.Throws<InvalidDataException>(() => NamesFile.Load(path));

        Assert.Contains($"{path} is not UTF-8 text: 0xEB", error.Message);
        Assert.Contains("Latin-1", error.Message);
        Assert.Contains("iconv -f latin1 -t utf-8", error.Message);
    }

    [Fact]
    public void Names_WithLettersBeyondAToZ_AreKeptInOneSpellingEach()
    {
        // Decided: "Zoë" is a name. Composed (U+00EB) and decomposed (e + U+0308) spellings become one character.
        string path = Write("names-accents.txt", "zoë\nzoe\u0308\nchloé\n");

        var names = NamesFile.Load(path);
        var vocabulary = CharVocabulary.FromText(names);

        Assert.Equal("zoë", names[0]);
        Assert.Equal(names[0], names[1]);
        Assert.Single(vocabulary.Encode("ë"));
        Assert.Equal(8, vocabulary.Size);   // '.', then c h l o z é ë: the accented letters add two symbols, and no combining mark
    }

    [Fact]
    public void Poems_RecordOfTheWrongShape_IsNotCalledInvalidJson()
    {
        string path = Write("poems.jsonl", "{\"id\":\"p1\",\"author\":\"a\",\"title\":\"t\",\"lines\":\"one line, not an array\"}\n");

        var error = Assert.Throws<InvalidDataException>(() => Poems.Load(path));

        Assert.Contains($"{path}, line 1: valid JSON, but not a poem: the value at $.lines has the wrong type", error.Message);
        Assert.DoesNotContain("not valid JSON", error.Message);
    }

    [Fact]
    public void Poems_BrokenJson_IsCalledInvalidJson()
    {
        string path = Write("poems.jsonl", "{\"id\":\"p1\",\"lines\":[\"a\"\n");

        var error = Assert.Throws<InvalidDataException>(() => Poems.Load(path));

        Assert.Contains($"{path}, line 1: not valid JSON", error.Message);
    }

    [Fact]
    public void Poems_WithWindowsLineEnds_ReadTheSame()
    {
        string one = "{\"id\":\"p1\",\"author\":\"a\",\"title\":\"t\",\"lines\":[\"first\",\"second\"]}";

        var poems = Poems.Load(Write("poems-crlf.jsonl", one + "\r\n" + one.Replace("p1", "p2") + "\r\n"));

        Assert.Equal(["first", "second"], poems[1].Lines);
    }

    [Fact]
    public void TokenizerFile_WithWindowsLineEnds_LoadsTheSameMerges()
    {
        string path = Path.Combine(_folder, "vocab.txt");
        var tokenizer = BpeTokenizer.Train("the cat sat on the mat, the cat ate the rat", 262);
        tokenizer.Save(path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\n", "\r\n"));

        Assert.Equal(tokenizer.Merges, BpeTokenizer.Load(path).Merges);
    }

    [Fact]
    public void Reviews_InWindows1252_AreRefused_AndWithWindowsLineEndsAreRead()
    {
        string bad = WriteBytes("reviews-1252.jsonl", [.. "{\"text\":\"caf"u8.ToArray(), 0xE9, .. "\",\"label\":1}\n"u8.ToArray()]);
        string crlf = Write("reviews-crlf.jsonl", "{\"text\":\"good\",\"label\":1}\r\n{\"text\":\"bad\",\"label\":0}\r\n");

        Assert.Contains("is not UTF-8 text: 0xE9", Assert.Throws<InvalidDataException>(() => LabelledTexts.Load(bad)).Message);
        Assert.Equal(["good", "bad"], LabelledTexts.Load(crlf).Select(r => r.Text));
    }

    [Fact]
    public void TranslationPairs_InLatin1_AreRefused()
    {
        string path = WriteBytes("pairs.tsv", [.. "Hello.\tHallo.\nCheers.\tPr"u8.ToArray(), 0xF6, (byte)'s', (byte)'t', (byte)'\n']);

        var error = Assert.Throws<InvalidDataException>(() => ParallelCorpus.Load(path));

        Assert.Contains("is not UTF-8 text", error.Message);
    }
}
