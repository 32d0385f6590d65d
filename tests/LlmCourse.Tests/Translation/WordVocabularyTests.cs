using LlmCourse.Translation;

namespace LlmCourse.Tests.Translation;

public sealed class WordVocabularyTests
{
    private static readonly string[] German = ["Ich bin müde.", "Ich bin hier.", "Tom ist hier!"];

    [Fact]
    public void Build_SpecialsFirst_ThenByFrequency()
    {
        var vocabulary = WordVocabulary.Build(German);

        Assert.Equal(["⟨pad⟩", "⟨bos⟩", "⟨eos⟩", "⟨unk⟩"], Enumerable.Range(0, 4).Select(i => vocabulary[i]));
        // ".", "Ich", "bin", "hier" occur twice each, ties in ordinal order; then the words seen once.
        Assert.Equal([".", "Ich", "bin", "hier", "!", "Tom", "ist", "müde"], Enumerable.Range(4, 8).Select(i => vocabulary[i]));
        Assert.Equal(4 + 8, vocabulary.Size);   // Ich bin müde . hier Tom ist !
    }

    [Fact]
    public void Build_MinCount_LeavesRareWordsOut()
    {
        var vocabulary = WordVocabulary.Build(German, minCount: 2);

        Assert.True(vocabulary.Contains("hier"));
        Assert.False(vocabulary.Contains("müde"));
        Assert.Equal(4 + 4, vocabulary.Size);
    }

    [Fact]
    public void Encode_UnknownWord_IsUnkAndBosEosAreAdded()
    {
        var vocabulary = WordVocabulary.Build(German);
        var ids = vocabulary.Encode("Ich bin Tom, nicht hier.", bos: true, eos: true);

        Assert.Equal(WordVocabulary.Bos, ids[0]);
        Assert.Equal(WordVocabulary.Eos, ids[^1]);
        Assert.Equal(9, ids.Length);                          // BOS Ich bin Tom , nicht hier . EOS
        Assert.Equal(WordVocabulary.Unk, ids[4]);             // ","
        Assert.Equal(WordVocabulary.Unk, ids[5]);             // "nicht"
    }

    [Fact]
    public void Decode_StopsAtEos_AndGluesPunctuation()
    {
        var vocabulary = WordVocabulary.Build(German);
        var ids = vocabulary.Encode("Tom ist müde!", bos: true, eos: true).Concat([WordVocabulary.Pad, 5L]).ToArray();

        Assert.Equal("Tom ist müde!", vocabulary.Decode(ids));
        Assert.Equal(["Tom", "ist", "müde", "!"], vocabulary.Words(ids));
    }

    [Fact]
    public void Decode_UnknownWord_StaysOneBleuToken()
    {
        var vocabulary = WordVocabulary.Build(German);
        string text = vocabulary.Decode(vocabulary.Encode("Ich bin sehr müde."));

        Assert.Equal("Ich bin ⟨unk⟩ müde.", text);
        Assert.Equal(5, LlmCourse.Metrics.Bleu.Tokenize(text).Length);
    }

    [Fact]
    public void Detokenize_ThenTokenize_GivesTheSameWords()
    {
        string[] words = ["Ich", "sagte", ":", "\"", "Nein", "\"", ",", "und", "ging", "(", "schnell", ")", "."];
        Assert.Equal(words, WordVocabulary.Tokenize(WordVocabulary.Detokenize(words)));
    }
}
