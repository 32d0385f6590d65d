using LlmCourse.Diffusion;
using LlmCourse.Gpt;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Diffusion;

[Collection("Sequential")]
public sealed class DiffusionModelTests
{
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void ParameterCount_SameConfig_EqualsGptModel(bool bias, bool tie)
    {
        var config = new GptConfig(VocabSize: 30, BlockSize: 16, NLayer: 2, NHead: 2, NEmbd: 24, Bias: bias, TieEmbeddings: tie);

        using var diffusion = new DiffusionModel(config);
        using var gpt = new GptModel(config);

        Assert.Equal(gpt.ParameterCount(), diffusion.ParameterCount());
    }

    [Fact]
    public void Forward_LaterToken_ChangesEarlierLogits_NoCausalMask()
    {
        torch.manual_seed(1);
        using var model = new DiffusionModel(new GptConfig(VocabSize: 12, BlockSize: 8, NLayer: 2, NHead: 2, NEmbd: 16));
        model.eval();
        var a = tensor(new long[] { 1, 2, 3, 4, 5 }).unsqueeze(0);
        var b = tensor(new long[] { 1, 2, 3, 4, 9 }).unsqueeze(0);

        var la = model.call(a);
        var lb = model.call(b);

        Assert.Equal(new long[] { 1, 5, 12 }, la.shape);
        Assert.False(la[0, 0].allclose(lb[0, 0]));   // position 0 sees position 4
    }

    [Fact]
    public void Forward_TooLong_Throws()
    {
        using var model = new DiffusionModel(new GptConfig(VocabSize: 12, BlockSize: 4, NLayer: 1, NHead: 1, NEmbd: 8));
        Assert.Throws<ArgumentException>(() => model.call(zeros(1, 5, dtype: ScalarType.Int64)));
    }
}
