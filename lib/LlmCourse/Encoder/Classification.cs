namespace LlmCourse.Encoder;

/// <summary>Scores for a classifier's predictions: accuracy and the confusion matrix.</summary>
public static class Classification
{
    /// <summary>The share of predictions equal to the labels.</summary>
    public static double Accuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> labels)
    {
        Validate(predicted, labels);
        return Enumerable.Range(0, labels.Count).Count(i => predicted[i] == labels[i]) / (double)labels.Count;
    }

    /// <summary>counts[true label, predicted label]: the diagonal is right, every other cell one kind of mistake.</summary>
    public static int[,] ConfusionMatrix(IReadOnlyList<int> predicted, IReadOnlyList<int> labels, int classes = 2)
    {
        Validate(predicted, labels);
        var counts = new int[classes, classes];
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] < 0 || labels[i] >= classes || predicted[i] < 0 || predicted[i] >= classes)
                throw new ArgumentException($"Example {i}: label {labels[i]} or prediction {predicted[i]} is not a class 0 … {classes - 1}.");
            counts[labels[i], predicted[i]]++;
        }
        return counts;
    }

    private static void Validate(IReadOnlyList<int> predicted, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(labels);
        if (predicted.Count != labels.Count || labels.Count == 0)
            throw new ArgumentException($"Need as many predictions as labels, at least one: found {predicted.Count} and {labels.Count}.");
    }
}
