using System.Text;
using LlmCourse.Tokenization;

namespace LlmCourse.Tests.Tokenization;

public class BpeTokenizerTests
{
    [Fact]
    public void Train_ClassicExample_LearnsTheMergesWorkedOutByHand()
    {
        // "aaabdaaabac" (Wikipedia's byte-pair encoding example; minbpe's test). By hand: (a a) occurs 4 times → 256;
        // "256 a b d 256 a b a c" has (256 a) and (a b) twice each, the tie goes to the smaller pair (a b) → 257;
        // "256 257 d 256 257 a c" has (256 257) twice → 258.
        var tokenizer = BpeTokenizer.Train("aaabdaaabac", 256 + 3);

        Assert.Equal(new (int, int)[] { ('a', 'a'), ('a', 'b'), (256, 257) }, tokenizer.Merges);
        Assert.Equal(new[] { 258, 'd', 258, 'a', 'c' }, tokenizer.Encode("aaabdaaabac"));
        Assert.Equal("aaab", tokenizer.TokenText(258));
        Assert.Equal(259, tokenizer.VocabSize);
    }

    [Fact]
    public void Train_NoPairLeft_StopsEarly()
    {
        var tokenizer = BpeTokenizer.Train("abab", 1000);

        Assert.Equal(new (int, int)[] { ('a', 'b'), (256, 256) }, tokenizer.Merges);
        Assert.Equal([257], tokenizer.Encode("abab"));
    }

    [Fact]
    public void Train_VocabularySmallerThanTheBytes_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => BpeTokenizer.Train("abc", 100));
        Assert.Contains("at least 256", e.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(SplitPatterns.Gpt4)]
    public void Train_IncrementalCounting_LearnsWhatRecountingEverythingLearns(string? pattern)
    {
        string text = TokenizationFixtures.ShakespearePrefix(3_000);
        var expected = NaiveTrain(text, 120, pattern);

        var tokenizer = BpeTokenizer.Train(text, 256 + 120, pattern);

        Assert.Equal(expected, tokenizer.Merges);
    }

    [Fact]
    public void FromMerges_FirstMergesOfALargerTraining_EqualTrainingASmallerVocabulary()
    {
        string text = TokenizationFixtures.ShakespearePrefix(20_000);
        var large = BpeTokenizer.Train(text, 256 + 200, SplitPatterns.Gpt4);
        var small = BpeTokenizer.Train(text, 256 + 50, SplitPatterns.Gpt4);

        var truncated = BpeTokenizer.FromMerges(large.Merges.Take(50), SplitPatterns.Gpt4);

        Assert.Equal(small.Merges, truncated.Merges);
        Assert.Equal(small.Encode(text), truncated.Encode(text));
    }

    [Fact]
    public void Encode_EqualsMergingTheLowestRankedPairEverywhere()
    {
        // minbpe's encode: while some adjacent pair has a merge, merge the pair whose merge came first, everywhere.
        var tokenizer = TokenizationFixtures.Shakespeare;
        var rank = tokenizer.Merges.Select((pair, k) => (pair, id: 256 + k)).ToDictionary(x => x.pair, x => x.id);
        string[] lines = TokenizationFixtures.ShakespearePrefix(60_000)[50_000..].Split('\n');

        foreach (string line in lines.Concat(TokenizationFixtures.UnicodeSamples))
        {
            var expected = new List<int>();
            foreach (string chunk in tokenizer.Split(line))
            {
                int[] ids = Array.ConvertAll(Encoding.UTF8.GetBytes(chunk), b => (int)b);
                while (ids.Length > 1)
                {
                    var pairs = ids.Zip(ids.Skip(1)).Where(rank.ContainsKey).ToList();
                    if (pairs.Count == 0)
                        break;
                    var first = pairs.MinBy(p => rank[p]);
                    ids = BytePairs.Merge(ids, first, rank[first]);
                }
                expected.AddRange(ids);
            }
            Assert.Equal(expected, tokenizer.Encode(line));
        }
    }

    [Fact]
    public void Encode_WithSplitPattern_IsTheChunksEncodedOneByOne()
    {
        var tokenizer = TokenizationFixtures.Shakespeare;
        string text = TokenizationFixtures.ShakespearePrefix(5_000);
        var noSplit = BpeTokenizer.FromMerges(tokenizer.Merges, splitPattern: null);

        var chunks = tokenizer.Split(text);

        Assert.True(chunks.Count > 500);
        Assert.Equal(text, string.Concat(chunks));
        Assert.Equal(chunks.SelectMany(noSplit.Encode), tokenizer.Encode(text));
    }

    [Fact]
    public void EncodeBytes_RandomByteStrings_DecodeToTheSameBytes()
    {
        var random = new Random(4);
        foreach (var tokenizer in new[] { TokenizationFixtures.Shakespeare, TokenizationFixtures.Cl100k })
        {
            for (int trial = 0; trial < 2_000; trial++)
            {
                var bytes = new byte[random.Next(0, 80)];
                random.NextBytes(bytes);
                if (trial % 2 == 0)                    // half of them from a small alphabet, so that merges happen
                    for (int i = 0; i < bytes.Length; i++)
                        bytes[i] = (byte)"the ab\n\xC3\xA9"[bytes[i] % 9];

                int[] ids = tokenizer.EncodeBytes(bytes);

                Assert.Equal(bytes, tokenizer.DecodeBytes(ids));
                Assert.True(ids.Length <= bytes.Length);
            }
        }
    }

    [Fact]
    public void Encode_UnicodeSamples_DecodeToTheSameText()
    {
        foreach (var tokenizer in new[] { TokenizationFixtures.Shakespeare, TokenizationFixtures.Cl100k })
        {
            foreach (string text in TokenizationFixtures.UnicodeSamples)
                Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
        }
    }

    [Fact]
    public void Encode_RandomWellFormedUnicode_DecodesToTheSameText()
    {
        var random = new Random(2016);
        // Ranges: ASCII, Latin-1 and accents, combining marks, Greek and Cyrillic, CJK, Hangul, emoji, whitespace.
        (int From, int To)[] ranges =
            [(0x20, 0x7E), (0xA0, 0x17F), (0x300, 0x36F), (0x391, 0x44F), (0x4E00, 0x4FFF), (0xAC00, 0xAD00), (0x1F300, 0x1F6FF), (0x9, 0xD)];
        foreach (var tokenizer in new[] { TokenizationFixtures.Shakespeare, TokenizationFixtures.Cl100k })
        {
            for (int trial = 0; trial < 1_000; trial++)
            {
                var text = new StringBuilder();
                for (int i = random.Next(0, 40); i > 0; i--)
                {
                    var (from, to) = ranges[random.Next(ranges.Length)];
                    text.Append(char.ConvertFromUtf32(random.Next(from, to + 1)));
                }
                Assert.Equal(text.ToString(), tokenizer.Decode(tokenizer.Encode(text.ToString())));
            }
        }
    }

    [Fact]
    public void Decode_IdOutsideTheVocabulary_ThrowsNamingTheId()
    {
        var tokenizer = BpeTokenizer.Train("aaabdaaabac", 256 + 3);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([97, 259]));
        Assert.Contains("259", e.Message);
        Assert.Contains("259 tokens", e.Message);
    }

    [Fact]
    public void FromMerges_MergeOfATokenNotYetMade_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => BpeTokenizer.FromMerges([(97, 98), (256, 257)], null));
        Assert.Contains("does not exist yet", e.Message);
    }

    [Fact]
    public void TokenText_PartOfACharacter_ShowsTheReplacementCharacter()
    {
        var tokenizer = TokenizationFixtures.Shakespeare;
        int[] ids = tokenizer.Encode("😉");            // four bytes that Shakespeare never taught it to merge

        Assert.Equal(4, ids.Length);
        Assert.All(ids, id => Assert.Equal("\uFFFD", tokenizer.TokenText(id)));
        Assert.Equal("😉", tokenizer.Decode(ids));
    }

    /// <summary>Training as minbpe writes it: recount every pair of every chunk before each merge.</summary>
    private static List<(int Left, int Right)> NaiveTrain(string text, int mergeCount, string? pattern)
    {
        var chunks = (pattern is null ? [text] : SplitPatterns.Split(text, SplitPatterns.Compile(pattern)))
            .Select(c => Array.ConvertAll(Encoding.UTF8.GetBytes(c), b => (int)b)).ToList();
        var merges = new List<(int Left, int Right)>();
        for (int k = 0; k < mergeCount; k++)
        {
            var counts = new Dictionary<(int Left, int Right), long>();
            foreach (var chunk in chunks)
                BytePairs.Count(chunk, counts);
            var pair = BytePairs.MostFrequent(counts);
            chunks = chunks.Select(c => BytePairs.Merge(c, pair, 256 + k)).ToList();
            merges.Add(pair);
        }
        return merges;
    }
}
