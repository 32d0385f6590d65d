using LlmCourse.Gpt;
using LlmCourse.Tests.Attention;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Tests.Gpt;

[Collection("Sequential")]
public sealed class GptModelTests
{
    private static readonly GptConfig Small = new(VocabSize: 10, BlockSize: 8, NLayer: 2, NHead: 2, NEmbd: 8);

    private static GptModel Build(GptConfig? config = null, int seed = 0)
    {
        random.manual_seed(seed);
        var model = new GptModel(config ?? Small);
        model.eval();
        return model;
    }

    [Fact]
    public void StateDict_KeysAndShapes_AreGpt2s()
    {
        var state = Build().state_dict();
        var listed = state.Select(p => $"{p.Key} {string.Join("x", p.Value.shape)}");

        string[] block(int i) =>
        [
            $"transformer.h.{i}.ln_1.weight 8", $"transformer.h.{i}.ln_1.bias 8",
            $"transformer.h.{i}.attn.c_attn.weight 24x8", $"transformer.h.{i}.attn.c_attn.bias 24",
            $"transformer.h.{i}.attn.c_proj.weight 8x8", $"transformer.h.{i}.attn.c_proj.bias 8",
            $"transformer.h.{i}.ln_2.weight 8", $"transformer.h.{i}.ln_2.bias 8",
            $"transformer.h.{i}.mlp.c_fc.weight 32x8", $"transformer.h.{i}.mlp.c_fc.bias 32",
            $"transformer.h.{i}.mlp.c_proj.weight 8x32", $"transformer.h.{i}.mlp.c_proj.bias 8",
        ];
        string[] expected =
        [
            "transformer.wte.weight 10x8", "transformer.wpe.weight 8x8", .. block(0), .. block(1),
            "transformer.ln_f.weight 8", "transformer.ln_f.bias 8", "lm_head.weight 10x8",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StateDict_WithoutBias_HasNoBiasKeys()
    {
        Assert.DoesNotContain(Build(Small with { Bias = false }).state_dict().Keys, key => key.EndsWith("bias", StringComparison.Ordinal));
    }

    [Fact]
    public void TiedEmbeddings_OneTensorUnderTwoNames()
    {
        var tied = Build();
        var untied = Build(Small with { TieEmbeddings = false });

        Assert.Same(tied.Transformer.TokenEmbedding.weight, tied.HeadWeight);
        using (no_grad())
            tied.Transformer.TokenEmbedding.weight[3, 2] = tensor(42f);
        Assert.Equal(42f, tied.HeadWeight[3, 2].item<float>());
        Assert.Equal(tied.ParameterCount() + 10 * 8, untied.ParameterCount());   // counted once when shared
        Assert.False(TensorAsserts.Identical(untied.Transformer.TokenEmbedding.weight, untied.HeadWeight));
    }

    [Fact]
    public void TiedEmbeddings_AfterMovingTheModel_StillShared()
    {
        var model = Build();

        model.to(ScalarType.Float64);

        Assert.Same(model.Transformer.TokenEmbedding.weight, model.HeadWeight);
        Assert.Equal(ScalarType.Float64, model.HeadWeight.dtype);
        Assert.Equal(new long[] { 1, 3, 10 }, model.call(tensor(new long[,] { { 1, 2, 3 } })).shape);
    }

    [Fact]
    public void ParameterCount_Presets_MatchNanoGptsReports()
    {
        Assert.Equal(89_568, Build(GptConfig.Nano(65)).ParameterCount());
        Assert.Equal(804_096, Build(GptConfig.ShakespeareCpu(65)).ParameterCount());
        Assert.Equal(795_904, Build(GptConfig.ShakespeareCpu(65)).ParameterCount(nonEmbedding: true));      // nanoGPT: "0.80M"
        Assert.Equal(10_646_784, Build(GptConfig.BabyGpt(65)).ParameterCount(nonEmbedding: true));          // nanoGPT: "10.65M"
    }

    [Fact]
    public void Initialisation_Gpt2s_ResidualProjectionsScaledDown()
    {
        var state = Build(GptConfig.ShakespeareCpu(65)).state_dict();

        Assert.Equal(0.02, state["transformer.h.0.mlp.c_fc.weight"].std().item<float>(), 0.002);
        Assert.Equal(0.02 / Math.Sqrt(8), state["transformer.h.0.mlp.c_proj.weight"].std().item<float>(), 0.0007);
        Assert.Equal(0.02, state["transformer.wpe.weight"].std().item<float>(), 0.002);
    }

    [Fact]
    public void ForwardWithLoss_FreshModel_LogitsPerPositionAndLossNearLnV()
    {
        var model = Build();
        var ids = randint(0, 10, [3, 8]);

        var (logits, loss) = model.ForwardWithLoss(ids, randint(0, 10, [3, 8]));

        Assert.Equal(new long[] { 3, 8, 10 }, logits.shape);
        Assert.Equal(Math.Log(10), loss.item<float>(), 0.1);   // small initial weights: nearly uniform guesses
    }

    [Fact]
    public void Forward_LongerThanTheBlock_ThrowsSayingCrop()
    {
        var error = Assert.Throws<ArgumentException>(() => Build().call(zeros(1, 9, ScalarType.Int64)));

        Assert.Contains("9 tokens", error.Message);
        Assert.Contains("Crop", error.Message);
    }

    [Fact]
    public void Forward_IdBeyondTheVocabulary_ThrowsNamingTheRange()
    {
        var error = Assert.Throws<ArgumentException>(() => Build().call(tensor(new long[,] { { 1, 10 } })));

        Assert.Contains("0 … 9", error.Message);
        Assert.Contains("to 10", error.Message);
    }

    [Fact]
    public void Forward_ChangingFutureTokens_LeavesEarlierLogitsBitIdentical()
    {
        var model = Build();
        var ids = tensor(new long[,] { { 1, 2, 3, 4, 5, 6, 7, 8 } });
        var changed = tensor(new long[,] { { 1, 2, 3, 4, 9, 9, 0, 0 } });

        var before = model.call(ids);
        var after = model.call(changed);

        Assert.True(TensorAsserts.Identical(before[.., ..4], after[.., ..4]));
        Assert.False(TensorAsserts.Identical(before[.., 4..], after[.., 4..]));
    }

    [Fact]
    public void ForwardCached_PromptThenOneAtATime_EqualsForward()
    {
        var model = Build();
        var ids = randint(0, 10, [2, 8]);
        using var cache = model.CreateCache();

        var pieces = new List<Tensor> { model.ForwardCached(ids[.., ..5], cache) };
        for (int t = 5; t < 8; t++)
            pieces.Add(model.ForwardCached(ids[.., t..(t + 1)], cache));

        Assert.True(TensorAsserts.MaxDifference(cat(pieces, 1), model.call(ids)) < 1e-5);
        Assert.Throws<ArgumentException>(() => model.ForwardCached(ids[.., ..1], cache));   // the cache is full
    }

    [Fact]
    public void AttentionWeights_OnePerBlock_CausalRowsSummingToOne()
    {
        var model = Build();

        var weights = model.AttentionWeights(randint(0, 10, [3, 6]));

        Assert.Equal(2, weights.Count);
        Assert.All(weights, w => Assert.Equal(new long[] { 3, 2, 6, 6 }, w.shape));
        Assert.All(weights, w => Assert.Equal(0f, w.triu(1).abs().sum().item<float>()));
        Assert.All(weights, w => Assert.True(TensorAsserts.MaxDifference(w.sum(-1), ones(3, 2, 6)) < 1e-5));
    }

    [Fact]
    public void Training_OneBatch_OverfitsToASmallLoss()
    {
        var model = Build(GptConfig.Nano(12) with { BlockSize = 16 }, seed: 1);
        model.train();
        var x = randint(0, 12, [4, 16]);
        var y = randint(0, 12, [4, 16]);
        using var optimizer = model.CreateOptimizer(learningRate: 3e-3, weightDecay: 0.0);

        double first = 0, last = 0;
        for (int step = 0; step < 150; step++)
        {
            using var scope = NewDisposeScope();
            var (_, loss) = model.ForwardWithLoss(x, y);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            if (step == 0)
                first = last;
        }

        Assert.True(first > 2.0, $"first loss {first}");
        Assert.True(last < 0.1, $"loss {first} -> {last}: a model this size should memorise one batch");
    }

    [Fact]
    public void CreateOptimizer_DecaysMatricesOnly()
    {
        var model = Build();

        var optimizer = model.CreateOptimizer(1e-3, weightDecay: 0.1);
        var groups = optimizer.ParamGroups.Cast<TorchSharp.Modules.ParamGroup>().ToList();

        Assert.Equal(2, groups.Count);
        Assert.All(groups[0].Parameters, p => Assert.Equal(2, p.dim()));
        Assert.All(groups[1].Parameters, p => Assert.Equal(1, p.dim()));
        Assert.Equal(model.ParameterCount(), groups.Sum(g => g.Parameters.Sum(p => p.numel())));
    }
}
