using LlmCourse.Text;

namespace LlmCourse.Tests.Text;

public sealed class CharVocabularyTests
{
    private static readonly string[] Names = ["emma", "olivia", "ava"];

    [Fact]
    public void FromText_Names_PutsTheBoundaryFirstThenLettersInOrder()
    {
        var vocabulary = CharVocabulary.FromText(Names);

        Assert.Equal(".aeilmov", new string(vocabulary.Characters.ToArray()));
        Assert.Equal(8, vocabulary.Size);
        Assert.Equal(0, vocabulary.IndexOf('.'));
    }

    [Fact]
    public void EncodeThenDecode_EveryName_GivesTheNameBack()
    {
        var vocabulary = CharVocabulary.FromText(Names);

        foreach (string name in Names)
            Assert.Equal(name, vocabulary.Decode(vocabulary.Encode(name)));
        Assert.Equal([2, 5, 5, 1], vocabulary.Encode("emma"));
        Assert.Equal(".ava.", vocabulary.Decode(new long[] { 0, 1, 7, 1, 0 }));
    }

    [Fact]
    public void Encode_UnknownCharacter_ThrowsNamingTheCharacterThePositionAndTheSource()
    {
        var vocabulary = CharVocabulary.FromText(Names);

        var error = Assert.Throws<UnknownCharacterException>(() => vocabulary.Encode("emmy", "names.txt line 7"));

        Assert.Equal('y', error.Character);
        Assert.Equal("names.txt line 7", error.Origin);
        Assert.Contains("'y'", error.Message);
        Assert.Contains("position 3", error.Message);
        Assert.Contains("\"emmy\"", error.Message);
        Assert.Contains("names.txt line 7", error.Message);
        Assert.Contains(".aeilmov", error.Message);
    }

    [Fact]
    public void FromText_TextContainingTheBoundary_ThrowsSayingItIsReserved()
    {
        var error = Assert.Throws<ArgumentException>(() => CharVocabulary.FromText(["ann", "j.r."]));

        Assert.Contains("Text 2", error.Message);
        Assert.Contains("reserved", error.Message);
    }

    [Fact]
    public void FromText_NoCharacters_Throws()
    {
        Assert.Throws<ArgumentException>(() => CharVocabulary.FromText(["", ""]));
    }

    [Fact]
    public void CharAt_OutsideTheVocabulary_Throws()
    {
        var vocabulary = CharVocabulary.FromText(Names);

        Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.CharAt(vocabulary.Size));
        Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.Decode(new[] { -1 }));
    }
}
