using LlmCourse.Gpt;

namespace LlmCourse.Tests.Gpt;

[Collection("Sequential")]
public sealed class GptConfigTests
{
    [Fact]
    public void Presets_NanoGptsSizes()
    {
        Assert.Equal(new GptConfig(65, 64, 4, 4, 128, 0.0, Bias: false), GptConfig.ShakespeareCpu(65));
        Assert.Equal(new GptConfig(65, 256, 6, 6, 384, 0.2, Bias: false), GptConfig.BabyGpt(65));
        Assert.Equal(16, GptConfig.Nano(65).HeadSize);
    }

    [Fact]
    public void Defaults_Gpt2Small()
    {
        var config = new GptConfig(50257);

        Assert.Equal((1024, 12, 12, 768, true, true), (config.BlockSize, config.NLayer, config.NHead, config.NEmbd, config.Bias, config.TieEmbeddings));
    }

    [Fact]
    public void Json_RoundTrip_GivesTheSameConfig()
    {
        var config = GptConfig.BabyGpt(65) with { TieEmbeddings = false };

        string json = config.ToJson();

        Assert.Equal(config, GptConfig.FromJson(json));
        Assert.DoesNotContain("HeadSize", json);
    }

    [Fact]
    public void Validate_HeadsDoNotDivideTheWidth_ThrowsNamingBoth()
    {
        var error = Assert.Throws<ArgumentException>(() => new GptConfig(65, NHead: 5, NEmbd: 48).Validate());

        Assert.Contains("NEmbd (48)", error.Message);
        Assert.Contains("NHead (5)", error.Message);
    }

    [Fact]
    public void FromJson_NotAConfig_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => GptConfig.FromJson("{\"hello\": 1}"));
    }
}
