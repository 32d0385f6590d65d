using LlmCourse.Diffusion;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Tests.Diffusion;

[Collection("Sequential")]
public sealed class DiffusionSamplerTests
{
    private const int V = 9, Mask = 0;

    /// <summary>A fixed random "model": logits from each token, the sequence's mean token and its position; no randomness at call time.</summary>
    private static MaskPredictor ToyModel(int seed)
    {
        var g = new Generator(seed: (ulong)seed);
        var w = randn(V, V, generator: g);
        var w2 = randn(V, V, generator: g) * 3;
        var pos = randn(64, V, generator: g);
        return ids =>
        {
            var oh = F.one_hot(ids, V).to(ScalarType.Float32);                        // (1, T, V)
            return oh.matmul(w) + oh.mean([1], keepdim: true).matmul(w2) + pos[..(int)ids.shape[1]];
        };
    }

    private static int MaskCount(long[] frame) => frame.Count(t => t == Mask);

    [Theory]
    [InlineData(12, 12, 12)]
    [InlineData(12, 5, 12)]
    [InlineData(12, 6, 4)]
    public void Generate_CommitsTheScheduledNumberPerStep(int n, int steps, int block)
    {
        var r = DiffusionSampler.Generate(ToyModel(1), [3, 4], n, Mask, new SamplerOptions(steps, block));

        int stepsPerBlock = steps / (n / block);
        var expected = Enumerable.Range(0, n / block).SelectMany(_ => TransferSchedule.Counts(block, stepsPerBlock)).ToArray();
        var committed = r.Frames.Zip(r.Frames.Skip(1), (a, b) => MaskCount(a) - MaskCount(b)).ToArray();
        Assert.Equal(expected, committed);
        Assert.Equal(0, MaskCount(r.Answer));
    }

    [Theory]
    [InlineData(Remasking.LowConfidence)]
    [InlineData(Remasking.Random)]
    public void Generate_CommittedTokensAreNeverRemaskedOrChanged(Remasking remasking)
    {
        var r = DiffusionSampler.Generate(ToyModel(2), [5], 16, Mask, new SamplerOptions(8, 16, 1.0, remasking), new Generator(seed: 3));

        for (int s = 1; s < r.Frames.Count; s++)
            for (int i = 0; i < 16; i++)
                if (r.Frames[s - 1][i] != Mask)
                    Assert.Equal(r.Frames[s - 1][i], r.Frames[s][i]);
        Assert.All(r.RevealStep.Select((step, i) => (step, i)), x => Assert.Equal(r.Answer[x.i], r.Frames[x.step + 1][x.i]));
    }

    [Fact]
    public void Generate_Blocks_NoLaterBlockPositionBeforeEarlierBlocksAreDone()
    {
        var r = DiffusionSampler.Generate(ToyModel(4), [2, 2, 2], 16, Mask, new SamplerOptions(8, 4));

        for (int i = 0; i < 16; i++)
            Assert.InRange(r.RevealStep[i], (i / 4) * 2, (i / 4) * 2 + 1);   // 4 blocks of 4 positions, 2 steps each
        for (int s = 0; s < r.Frames.Count; s++)
        {
            var frame = r.Frames[s];
            int firstMasked = Array.IndexOf(frame, (long)Mask);
            if (firstMasked >= 0)
                Assert.True(frame.Skip((firstMasked / 4 + 1) * 4).All(t => t == Mask));   // blocks after the open one are untouched
        }
    }

    [Fact]
    public void Generate_LowConfidence_CommitsTheMostConfidentPrediction()
    {
        var model = ToyModel(5);
        long[] prompt = [1, 2];
        var r = DiffusionSampler.Generate(model, prompt, 8, Mask, new SamplerOptions(8, 8));

        var x = tensor(prompt.Concat(Enumerable.Repeat((long)Mask, 8)).ToArray()).unsqueeze(0);
        var probs = model(x)[0, 2..].softmax(-1);                                 // (8, V)
        long best = probs.max(-1).values.argmax().item<long>();
        Assert.Equal(0, r.RevealStep[best]);
        Assert.Equal(probs[best].argmax().item<long>(), r.Answer[best]);
    }

    [Fact]
    public void Generate_StepsEqualN_DeterministicModel_Reproducible()
    {
        var a = DiffusionSampler.Generate(ToyModel(6), [7, 8], 10, Mask, new SamplerOptions(10, 10));
        var b = DiffusionSampler.Generate(ToyModel(6), [7, 8], 10, Mask, new SamplerOptions(10, 10));

        Assert.Equal(a.Answer, b.Answer);
        Assert.Equal(a.RevealStep, b.RevealStep);
        Assert.Equal(Enumerable.Range(0, 10), a.RevealStep.OrderBy(s => s));     // one token per step
    }

    [Fact]
    public void Generate_BadOptions_Throw()
    {
        var model = ToyModel(7);
        Assert.Throws<ArgumentException>(() => DiffusionSampler.Generate(model, [1], 10, Mask, new SamplerOptions(10, 4)));   // 4 ∤ 10
        Assert.Throws<ArgumentException>(() => DiffusionSampler.Generate(model, [1], 8, Mask, new SamplerOptions(3, 4)));    // 3 steps, 2 blocks
        Assert.Throws<ArgumentException>(() => DiffusionSampler.Generate(model, [1], 8, Mask, new SamplerOptions(16, 8)));   // > 1 step per token
        Assert.Throws<ArgumentException>(() => DiffusionSampler.Generate(model, [Mask], 8, Mask, new SamplerOptions(8, 8)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DiffusionSampler.Generate(model, [1], 0, Mask, new SamplerOptions(1, 1)));
        Assert.Throws<ArgumentException>(() => DiffusionSampler.Generate(model, [1], 4, Mask, new SamplerOptions(4, 4), suffix: [2, Mask]));
        Assert.Throws<ArgumentException>(() => DiffusionSampler.Generate(model, [], 4, Mask, new SamplerOptions(4, 4)));   // no context at all
    }

    [Fact]
    public void Generate_Suffix_FillsTheBlankBetweenPromptAndSuffixAndSeesBothSides()
    {
        long[] seen = [];
        var model = ToyModel(8);
        MaskPredictor recording = ids => { seen = ids[0].data<long>().ToArray(); return model(ids); };

        var r = DiffusionSampler.Generate(recording, [], 6, Mask, new SamplerOptions(6, 6), suffix: [5, 6, 7]);

        Assert.Equal(6, r.Answer.Length);
        Assert.DoesNotContain((long)Mask, r.Answer);
        Assert.All(r.Frames, f => Assert.Equal(6, f.Length));
        Assert.Equal(new long[] { 5, 6, 7 }, seen[6..]);                                   // the suffix stays after the blank
        Assert.Equal(r.Answer, seen[..6].Select((t, i) => t == Mask ? r.Answer[i] : t)); // the last call saw all but the last commit
        var other = DiffusionSampler.Generate(model, [], 6, Mask, new SamplerOptions(6, 6), suffix: [8, 8, 8]);
        Assert.NotEqual(r.Answer, other.Answer);                                          // what comes after changes the answer
    }
}
