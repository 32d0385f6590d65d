using LlmCourse.FineTuning;
using LlmCourse.Gpt;
using static TorchSharp.torch;

namespace LlmCourse.Tests.FineTuning;

[Collection("Sequential")]
public sealed class AdaptersTests
{
    [Fact]
    public void BottleneckAdapter_StartsAsTheIdentity()
    {
        random.manual_seed(2);
        var adapter = new BottleneckAdapter(8, 3);
        var h = randn(2, 5, 8);

        Assert.True(adapter.call(h).allclose(h, rtol: 0, atol: 0));
    }

    [Fact]
    public void Apply_LeavesOutputsUnchangedAndTrainsOnlyTheAdapters()
    {
        random.manual_seed(5);
        var model = new GptModel(GptConfig.Nano(11));
        var ids = randint(0, 11, [2, 7], dtype: ScalarType.Int64);
        var before = model.call(ids);
        int c = model.Config.NEmbd, m = 4;

        var trainable = Adapters.Apply(model, m);

        Assert.True(model.call(ids).allclose(before, rtol: 0, atol: 1e-6));
        // Per adapter: down (m×C + m) and up (C×m + C); two adapters per block.
        Assert.Equal(model.Config.NLayer * 2L * (2 * c * m + m + c), ParameterCounts.Of(trainable, 1).Trainable);
        Assert.Equal(trainable.Count, model.parameters().Count(p => p.requires_grad));
        Assert.Contains("transformer.h.1.mlp.c_proj.adapter.up.weight", model.state_dict().Keys);
        Assert.Contains("transformer.h.1.mlp.c_proj.weight", model.state_dict().Keys);
    }

    [Fact]
    public void BottleneckAdapter_ZeroBottleneck_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BottleneckAdapter(8, 0));
        Assert.Equal("bottleneck", error.ParamName);
    }
}
