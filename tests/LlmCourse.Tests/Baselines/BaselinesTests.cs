using LlmCourse.Baselines;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Tests.Baselines;

[Collection("Sequential")]
public sealed class BaselinesTests
{
    [Fact]
    public void Fit_LinearlySeparableToyProblem_ClassifiesEveryPoint()
    {
        var generator = new Generator(4);
        var x = randn(200, 10, generator: generator);
        var direction = randn(10, generator: generator);
        var score = x.matmul(direction);                                  // (200, 10) @ (10) -> (200)
        var keep = score.abs() > 0.5;                                     // a margin around the boundary
        x = x[keep];
        var labels = score[keep].gt(0).to(ScalarType.Int64);
        var model = new LogisticRegression(10);

        var losses = model.Fit(x, labels, l2: 0.0, steps: 300, learningRate: 0.1);

        Assert.True(losses[^1] < 0.1 * losses[0], $"loss {losses[0]} -> {losses[^1]}");
        Assert.Equal(labels.data<long>().Select(l => (int)l).ToArray(), model.Predict(x));
        var cosine = F.cosine_similarity(model.Weights.unsqueeze(0), direction.unsqueeze(0)).item<float>();
        Assert.True(cosine > 0.9, $"cosine {cosine}");                    // it found the true direction
    }

    [Fact]
    public void Transform_Texts_MarksTheVocabularyWordsEachContains()
    {
        var bag = BagOfWords.Fit(["A good film!", "a bad film", "a film, a GOOD one"], maxWords: 10, minTexts: 2);

        var features = bag.Transform(["good good film", "unseen words"]);

        Assert.Equal(["a", "film", "good"], bag.Vocabulary);            // in 3, 3 and 2 texts; "!" "bad" "one" in 1
        Assert.Equal(new float[] { 0, 1, 1, 0, 0, 0 }, features.data<float>().ToArray());
    }

    [Fact]
    public void Weights_SentimentToyTexts_PointTheRightWay()
    {
        string[] texts = ["good fun", "great good", "fun great", "bad dull", "awful bad", "dull awful"];
        var bag = BagOfWords.Fit(texts, minTexts: 1);
        var model = new LogisticRegression(bag.Size);

        model.Fit(bag.Transform(texts), tensor(new long[] { 1, 1, 1, 0, 0, 0 }), l2: 1e-3, steps: 200);

        var weights = model.Weights.data<float>().ToArray();
        float Weight(string word) => weights[bag.Vocabulary.ToList().IndexOf(word)];
        Assert.True(Weight("good") > 0 && Weight("great") > 0 && Weight("bad") < 0 && Weight("awful") < 0);
        Assert.Equal([1, 0], model.Predict(bag.Transform(["good great", "awful dull"])));
    }
}
