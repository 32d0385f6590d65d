using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Baselines;

/// <summary>Binary logistic regression: P(class 1 | x) = σ(w·x + b), fitted by full-batch Adam on the mean log-loss plus an L2 penalty.</summary>
/// <remarks>
/// A linear model on the features: one weight per word, so the fitted weights say which words push a review towards
/// positive or negative. The penalty λ‖w‖² (the bias is not penalised) keeps rare words from getting huge weights
/// from the few reviews they occur in.
/// </remarks>
public sealed class LogisticRegression : nn.Module<Tensor, Tensor>
{
    private readonly Linear linear;   // state_dict "linear.*": (V) -> (1)

    public LogisticRegression(long features, Device? device = null)
        : base(nameof(LogisticRegression))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        linear = nn.Linear(features, 1, device: device);
        RegisterComponents();
        using (no_grad())
        {
            linear.weight!.zero_();   // the loss is convex: start from "no opinion", the same every run
            linear.bias!.zero_();
        }
    }

    /// <summary>The weight of each feature, (V), on the CPU.</summary>
    public Tensor Weights => linear.weight!.detach().view(-1).cpu();   // (1, V) -> (V)

    /// <summary>x (N, V) → logits (N): positive means class 1 is the more likely.</summary>
    public override Tensor forward(Tensor x) => linear.call(x).squeeze(1);   // (N, 1) -> (N)

    /// <summary>Fits on x (N, V) and labels (N) of 0/1, <paramref name="steps"/> full-batch Adam steps; returns the loss after each.</summary>
    public List<double> Fit(Tensor x, Tensor labels, double l2 = 1e-3, int steps = 300, double learningRate = 0.05)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        if (x.dim() != 2 || labels.dim() != 1 || labels.shape[0] != x.shape[0])
            throw new ArgumentException($"Expected x (N, V) and labels (N); found {Checks.Check.Format(x.shape)} and {Checks.Check.Format(labels.shape)}.");
        var targets = labels.to(ScalarType.Float32, x.device);
        var optimizer = optim.Adam(parameters(), learningRate);
        var losses = new List<double>(steps);
        train();
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var loss = F.binary_cross_entropy_with_logits(call(x), targets) + l2 * linear.weight!.square().sum();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }
        eval();
        return losses;
    }

    /// <summary>P(class 1) for each row of x (N, V): (N).</summary>
    public Tensor Probability(Tensor x)
    {
        using (no_grad())
            return call(x).sigmoid();
    }

    /// <summary>The predicted class, 0 or 1, of each row of x (N, V).</summary>
    public int[] Predict(Tensor x)
    {
        using var scope = NewDisposeScope();
        using (no_grad())
            return call(x).gt(0).to(ScalarType.Int32).cpu().data<int>().ToArray();
    }
}
