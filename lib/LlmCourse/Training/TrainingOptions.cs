using static TorchSharp.torch;

namespace LlmCourse.Training;

/// <summary>What <see cref="TrainingLoop.Run"/> does besides the plain step; every member is optional.</summary>
public sealed record TrainingOptions
{
    /// <summary>The learning rate for each 0-based step (a schedule); null keeps the optimizer's own.</summary>
    public Func<int, double>? LearningRate { get; init; }

    /// <summary>Output and targets to a scalar loss; null is <see cref="Loss.CrossEntropy"/>.</summary>
    public Func<Tensor, Tensor, Tensor>? LossFunction { get; init; }

    /// <summary>The loss on held-out data (e.g. <see cref="Evaluation.MeanLoss"/> on the dev set), called in eval mode.</summary>
    public Func<double>? Evaluate { get; init; }

    /// <summary>Call <see cref="Evaluate"/> after every this many steps and after the last one (0: never).</summary>
    public int EvaluateEvery { get; init; }

    /// <summary>Called with the progress so far after every <see cref="ReportEvery"/> steps and after the last one.</summary>
    public Action<TrainingProgress>? Report { get; init; }

    /// <summary>How often <see cref="Report"/> is called, in steps.</summary>
    public int ReportEvery { get; init; } = 1000;

    /// <summary>When set, gradients are rescaled so that their total norm is at most this (nanoGPT uses 1.0).</summary>
    public double? MaxGradientNorm { get; init; }
}
