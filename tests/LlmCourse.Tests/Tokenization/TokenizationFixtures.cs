using System.IO.Compression;
using System.Reflection;
using LlmCourse.Tokenization;

namespace LlmCourse.Tests.Tokenization;

/// <summary>What several tokenizer tests share: the repository's datasets, cl100k_base's ranks, small trained tokenizers.</summary>
internal static class TokenizationFixtures
{
    private static readonly Lazy<BpeTokenizer> _cl100k = new(() =>
    {
        using var ranks = Cl100kRanks();
        return BpeTokenizer.FromRanks(ranks, "cl100k_base.tiktoken", SplitPatterns.Gpt4);
    });

    private static readonly Lazy<BpeTokenizer> _shakespeare = new(() =>
        BpeTokenizer.Train(ShakespearePrefix(50_000), 256 + 300, SplitPatterns.Gpt4));

    /// <summary>The repository's datasets/ folder, found by walking up from the test assembly.</summary>
    public static string DatasetsFolder
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, "datasets");
                if (File.Exists(Path.Combine(candidate, "tinyshakespeare.txt")))
                    return candidate;
            }
            throw new DirectoryNotFoundException($"No datasets/ folder above {AppContext.BaseDirectory}: run the tests inside the repository.");
        }
    }

    /// <summary>cl100k_base's ranks as Microsoft.ML.Tokenizers.Data.Cl100kBase ships them: a Deflate-compressed resource.</summary>
    public static Stream Cl100kRanks()
    {
        var assembly = Assembly.Load("Microsoft.ML.Tokenizers.Data.Cl100kBase");
        var compressed = assembly.GetManifestResourceStream("cl100k_base.tiktoken.deflate")
            ?? throw new InvalidOperationException("Microsoft.ML.Tokenizers.Data.Cl100kBase has no resource cl100k_base.tiktoken.deflate.");
        return new DeflateStream(compressed, CompressionMode.Decompress);
    }

    /// <summary>Our byte-level BPE with cl100k_base's ranks and GPT-4's split pattern (loaded once).</summary>
    public static BpeTokenizer Cl100k => _cl100k.Value;

    /// <summary>300 merges learned from the first 50,000 characters of Tiny Shakespeare with GPT-4's split pattern.</summary>
    public static BpeTokenizer Shakespeare => _shakespeare.Value;

    public static string ShakespearePrefix(int characters) =>
        File.ReadAllText(Path.Combine(DatasetsFolder, "tinyshakespeare.txt"))[..characters];

    /// <summary>Text a tokenizer must survive: accents, emoji (with skin tone and zero-width joiners), CJK, RTL,
    /// combining marks, letters outside the BMP, control characters and line ends of every kind.</summary>
    public static readonly string[] UnicodeSamples =
    [
        "",
        "?",
        "hello world!!!? (안녕하세요!) lol123 😉",
        "Café naïve façade, Ångström, Straße, ÆØÅ æøå",
        "東京は日本の首都です。北京是中国的首都。",
        "👩‍👩‍👧‍👦 family, 👍🏽 thumbs, 🇫🇷 flag, 🏳️‍🌈",
        "مرحبا بالعالم — שלום עולם",
        "e\u0301 (e + combining acute) vs é; Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
        "𝒜𝓁𝓅𝒽𝒶 𝔟𝔢𝔱𝔞 𠀀𠀁 (outside the BMP)",
        "tabs\tand\r\nwindows\rline\nends  \n\n\n   trailing   ",
        "\u0000\u0001\u001f\u007f\u0085\u00a0\u2028\u2029\ufeff",
        "don't I'LL we'Re they've 12345678 3.14159 1,000,000",
        "    indented code(x) { return x ** 2; }  // comment",
    ];
}
