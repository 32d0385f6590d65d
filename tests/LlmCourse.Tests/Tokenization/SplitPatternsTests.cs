using System.Text.RegularExpressions;
using LlmCourse.Tokenization;

namespace LlmCourse.Tests.Tokenization;

public class SplitPatternsTests
{
    [Fact]
    public void Regex_TiktokensPossessivePattern_IsRejectedByDotNet()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new Regex(SplitPatterns.Gpt4Tiktoken));
        Assert.Contains("Nested quantifier", e.Message);
    }

    [Fact]
    public void ToAtomicGroups_Gpt4Pattern_GivesTheDotNetPattern()
    {
        Assert.Equal(SplitPatterns.Gpt4, PossessiveQuantifiers.ToAtomicGroups(SplitPatterns.Gpt4Tiktoken));
    }

    [Theory]
    [InlineData(@"a++b", @"(?>a+)b")]
    [InlineData(@"\p{L}*+x", @"(?>\p{L}*)x")]
    [InlineData(@"[^\]a]?+", @"(?>[^\]a]?)")]
    [InlineData(@"(ab|c)++", @"(?>(ab|c)+)")]
    [InlineData(@"(?:x(y)+)z{2,}+", @"(?:x(y)+)(?>z{2,})")]
    [InlineData(@"a+?b*?(?i)c+(?<=d)e{x}", @"a+?b*?(?i)c+(?<=d)e{x}")]
    [InlineData(@"'s|\s+(?!\S)|\s", @"'s|\s+(?!\S)|\s")]
    public void ToAtomicGroups_Quantifiers_OnlyPossessiveOnesChange(string pattern, string expected)
    {
        Assert.Equal(expected, PossessiveQuantifiers.ToAtomicGroups(pattern));
        _ = new Regex(expected);   // and .NET accepts the result
    }

    [Fact]
    public void Split_Gpt4Pattern_KeepsWordsNumbersAndPunctuationApart()
    {
        var chunks = SplitPatterns.Split("Hello world's 1234567 !!!?\n\n  x", SplitPatterns.Compile(SplitPatterns.Gpt4));

        Assert.Equal(["Hello", " world", "'s", " ", "123", "456", "7", " !!!?\n\n", " ", " x"], chunks);
    }

    [Fact]
    public void Split_Gpt4Pattern_CoversEveryCharacterOfRandomText()
    {
        var random = new Random(7);
        var pattern = SplitPatterns.Compile(SplitPatterns.Gpt4);
        const string alphabet = "aZé東 \t\n\r'sdtl0123!?.-😀";
        for (int trial = 0; trial < 500; trial++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 30)).Select(_ =>
            {
                int i = random.Next(alphabet.Length - 1);
                return char.IsHighSurrogate(alphabet[i]) ? alphabet.Substring(i, 2) : char.IsLowSurrogate(alphabet[i]) ? "x" : alphabet[i].ToString();
            }));
            Assert.Equal(text, string.Concat(SplitPatterns.Split(text, pattern)));
        }
    }
}
