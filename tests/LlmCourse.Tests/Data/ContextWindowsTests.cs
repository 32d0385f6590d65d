using LlmCourse.Data;
using LlmCourse.Text;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Data;

[Collection("Sequential")]
public sealed class ContextWindowsTests
{
    private static readonly CharVocabulary Vocabulary = CharVocabulary.FromText(["emma", "ab"]);   // ".abem"

    [Fact]
    public void Pairs_Emma_SlidesTheLastThreeCharactersAndEndsWithTheBoundary()
    {
        var pairs = ContextWindows.Pairs("emma", Vocabulary, blockSize: 3);

        Assert.Equal(
            [("...", 'e'), ("..e", 'm'), (".em", 'm'), ("emm", 'a'), ("mma", '.')],
            pairs);
    }

    [Fact]
    public void Build_TwoNames_GivesOneRowPerPredictedCharacter()
    {
        var (x, y) = ContextWindows.Build(["emma", "ab"], Vocabulary, blockSize: 3);

        Assert.Equal(new long[] { 8, 3 }, x.shape);            // 5 windows for "emma", 3 for "ab"
        Assert.Equal(new long[] { 8 }, y.shape);
        Assert.Equal(ScalarType.Int64, x.dtype);
        Assert.Equal(ScalarType.Int64, y.dtype);
        Assert.Equal("mma", Vocabulary.Decode(x[4].data<long>().ToArray()));
        Assert.Equal("...", Vocabulary.Decode(x[5].data<long>().ToArray()));   // a new name starts from scratch
        Assert.Equal(".ab", Vocabulary.Decode(x[7].data<long>().ToArray()));
        Assert.Equal("emma.ab.", Vocabulary.Decode(y.data<long>().ToArray()));
    }

    [Fact]
    public void Build_BlockSizeOne_GivesTheBigrams()
    {
        var (x, y) = ContextWindows.Build(["ab"], Vocabulary, blockSize: 1);

        Assert.Equal(new long[] { 3, 1 }, x.shape);
        Assert.Equal(".ab", Vocabulary.Decode(x.flatten().data<long>().ToArray()));
        Assert.Equal("ab.", Vocabulary.Decode(y.data<long>().ToArray()));
    }

    [Fact]
    public void Build_BlockSizeZero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ContextWindows.Build(["emma"], Vocabulary, blockSize: 0));
    }

    [Fact]
    public void Build_NameWithAnUnknownCharacter_ThrowsNamingWhichName()
    {
        var error = Assert.Throws<UnknownCharacterException>(() => ContextWindows.Build(["emma", "zoe"], Vocabulary, 3));

        Assert.Equal("name 2", error.Origin);
        Assert.Equal('z', error.Character);
    }
}
