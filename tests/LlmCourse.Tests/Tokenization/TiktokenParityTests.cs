using System.Diagnostics;
using LlmCourse.Tokenization;
using Xunit.Abstractions;
using Tiktoken = Microsoft.ML.Tokenizers.TiktokenTokenizer;

namespace LlmCourse.Tests.Tokenization;

/// <summary>Our byte-level BPE with cl100k_base's ranks must give exactly the ids of tiktoken's cl100k_base, here in
/// Microsoft.ML.Tokenizers' implementation (TiktokenTokenizer for "gpt-4").</summary>
public class TiktokenParityTests(ITestOutputHelper output)
{
    private static readonly Lazy<Tiktoken> _reference = new(() => Tiktoken.CreateForModel("gpt-4"));

    [Fact]
    public void Encode_EveryTextInDatasets_GivesTiktokensIds()
    {
        var texts = DatasetTexts.Enumerate(TokenizationFixtures.DatasetsFolder).ToList();
        var ours = TokenizationFixtures.Cl100k;
        var reference = _reference.Value;

        var clock = Stopwatch.StartNew();
        var ourIds = texts.Select(t => ours.Encode(t.Value)).ToList();
        var ourTime = clock.Elapsed;
        clock.Restart();
        var referenceIds = texts.Select(t => reference.EncodeToIds(t.Value)).ToList();
        var referenceTime = clock.Elapsed;

        var mismatches = Enumerable.Range(0, texts.Count).Where(i => !ourIds[i].SequenceEqual(referenceIds[i])).ToHashSet();
        long tokens = referenceIds.Sum(ids => (long)ids.Count);
        foreach (var group in Enumerable.Range(0, texts.Count).GroupBy(i => texts[i].Source))
            output.WriteLine($"{group.Key}: {group.Count():N0} texts, {group.Sum(i => referenceIds[i].Count):N0} tokens, "
                + $"{group.Count(mismatches.Contains)} mismatches");
        output.WriteLine($"total: {texts.Count:N0} texts, {tokens:N0} tokens compared, {mismatches.Count} mismatches; "
            + $"encoding took {ourTime.TotalSeconds:F2} s (ours) and {referenceTime.TotalSeconds:F2} s (Microsoft.ML.Tokenizers)");

        Assert.True(texts.Count > 100_000, $"only {texts.Count} texts were read");
        Assert.True(tokens > 2_000_000, $"only {tokens} tokens were compared");
        Assert.True(mismatches.Count == 0, mismatches.Count == 0 ? "" :
            $"{mismatches.Count} texts differ; the first, from {texts[mismatches.Min()].Source}: '{texts[mismatches.Min()].Value[..Math.Min(200, texts[mismatches.Min()].Value.Length)]}'");
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Encode_UnicodeAndWhitespaceSamples_GivesTiktokensIds(int sample)
    {
        // By index: some samples hold control characters that test runners display badly.
        string text = TokenizationFixtures.UnicodeSamples[sample];
        Assert.Equal(_reference.Value.EncodeToIds(text), TokenizationFixtures.Cl100k.Encode(text));
    }

    public static TheoryData<int> Samples() => new(Enumerable.Range(0, TokenizationFixtures.UnicodeSamples.Length));

    [Fact]
    public void Decode_TiktokensIds_GivesTheText()
    {
        foreach (string text in TokenizationFixtures.UnicodeSamples)
            Assert.Equal(text, TokenizationFixtures.Cl100k.Decode(_reference.Value.EncodeToIds(text)));
    }
}
