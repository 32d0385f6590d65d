using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Training;

/// <summary>The course's one training loop: batch, forward, loss, zero_grad, backward, step; the rest is optional.</summary>
/// <remarks>
/// Deliberately a single short function (as in makemore and nanoGPT's train.py) rather than a trainer framework: every
/// notebook that trains calls this, and a learner can read all of it. Each step runs in its own dispose scope, so the
/// step's tensors (batch, activations, gradients' temporaries) are freed when it ends and memory stays flat.
/// </remarks>
public static class TrainingLoop
{
    /// <summary>
    /// Trains <paramref name="model"/> for <paramref name="steps"/> steps on batches from <paramref name="nextBatch"/>
    /// (called with the 0-based step). Throws <see cref="TrainingDivergedException"/> when a loss is NaN or infinite.
    /// </summary>
    public static TrainingHistory Run(
        nn.Module<Tensor, Tensor> model,
        Func<int, (Tensor Inputs, Tensor Targets)> nextBatch,
        optim.Optimizer optimizer,
        int steps,
        TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(nextBatch);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        options ??= new TrainingOptions();
        if (options.Report is not null && options.ReportEvery < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.ReportEvery,
                "ReportEvery must be at least 1 when Report is set: a report every 0 steps means none. For a share of a run, "
                + "write Math.Max(1, steps / 20), which stays 1 in a run of few steps.");
        var lossFunction = options.LossFunction ?? Loss.CrossEntropy;
        var history = new TrainingHistory();
        var clock = Stopwatch.StartNew();
        double sinceReport = 0;
        int stepsSinceReport = 0;

        model.train();
        for (int step = 0; step < steps; step++)
        {
            double learningRate = SetLearningRate(optimizer, options.LearningRate, step);
            double loss;
            using (var scope = NewDisposeScope())
            {
                var (inputs, targets) = nextBatch(step);
                // Stops before the update when the loss is NaN: a NaN gradient would poison every parameter it touches.
                loss = OptimizerStep.Take(optimizer, lossFunction(model.call(inputs), targets), step, model.parameters(), options.MaxGradientNorm);
            }
            history.Losses.Add(loss);
            history.LearningRates.Add(learningRate);
            sinceReport += loss;
            stepsSinceReport++;

            bool last = step == steps - 1;
            int done = step + 1;
            if (options.Evaluate is not null && options.EvaluateEvery > 0 && (done % options.EvaluateEvery == 0 || last))
            {
                model.eval();
                history.DevLosses.Add((done, options.Evaluate()));
                model.train();
            }
            if (options.Report is not null && (done % options.ReportEvery == 0 || last))
            {
                double? dev = history.DevLosses.Count > 0 ? history.DevLosses[^1].Loss : null;
                options.Report(new TrainingProgress(done, steps, sinceReport / stepsSinceReport, learningRate, dev, clock.Elapsed));
                sinceReport = 0;
                stepsSinceReport = 0;
            }
        }
        history.Elapsed = clock.Elapsed;
        return history;
    }

    private static double SetLearningRate(optim.Optimizer optimizer, Func<int, double>? schedule, int step)
    {
        if (schedule is null)
            return optimizer.ParamGroups.First().LearningRate;
        double learningRate = schedule(step);
        // Check before any update: a NaN rate would turn every parameter into NaN at this step, and the loss of the next
        // step would then be blamed on a learning rate that is too high.
        if (!double.IsFinite(learningRate) || learningRate < 0)
            throw new ArgumentOutOfRangeException(nameof(schedule), learningRate,
                $"The learning-rate schedule (TrainingOptions.LearningRate) gave {learningRate} for step {step}; a rate must be a finite number ≥ 0. "
                + $"Training stopped before this step, so the parameters are as step {step - 1} left them. Fix the schedule: "
                + "look for a division by zero or a NaN among its arguments.");
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = learningRate;
        return learningRate;
    }
}
