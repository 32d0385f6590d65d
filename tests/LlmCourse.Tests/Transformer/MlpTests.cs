using LlmCourse.Tests.Attention;
using LlmCourse.Transformer;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Tests.Transformer;

[Collection("Sequential")]
public sealed class MlpTests
{
    [Fact]
    public void Forward_EqualsTheFormulaWithGpt2sGelu()
    {
        random.manual_seed(0);
        var mlp = new Mlp(8);
        var state = mlp.state_dict();
        var x = randn(2, 3, 8);

        var hidden = Gelu.Tanh(F.linear(x, state["c_fc.weight"], state["c_fc.bias"]));
        var expected = F.linear(hidden, state["c_proj.weight"], state["c_proj.bias"]);

        Assert.True(TensorAsserts.MaxDifference(mlp.call(x), expected) < 1e-5);
    }

    [Fact]
    public void StateDict_Gpt2NamesAndFourTimesWider()
    {
        var state = new Mlp(8).state_dict();

        Assert.Equal(["c_fc.weight", "c_fc.bias", "c_proj.weight", "c_proj.bias"], state.Keys);
        Assert.Equal(new long[] { 32, 8 }, state["c_fc.weight"].shape);
        Assert.Equal(["c_fc.weight", "c_proj.weight"], new Mlp(8, bias: false).state_dict().Keys);
    }

    [Fact]
    public void Forward_Dropout_ActsInTrainingOnlyAndScalesByOneOverOneMinusP()
    {
        random.manual_seed(1);
        var mlp = new Mlp(8, dropout: 0.5);
        var x = randn(64, 16, 8);
        mlp.eval();
        var evaluated = mlp.call(x);

        mlp.train();
        var trained = mlp.call(x);

        // Kept elements are doubled (1 / (1 − 0.5)), the rest are 0.
        var kept = trained.ne(0);
        Assert.True(TensorAsserts.MaxDifference(trained.masked_select(kept), 2 * evaluated.masked_select(kept)) < 1e-5);
        Assert.InRange(kept.to(ScalarType.Float32).mean().item<float>(), 0.45f, 0.55f);
    }
}
