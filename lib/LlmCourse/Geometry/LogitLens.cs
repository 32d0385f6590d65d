using LlmCourse.Gpt;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmCourse.Geometry;

/// <summary>How well the logit lens at one layer predicts the next token.</summary>
/// <param name="Layer">0 = the embeddings, l = after block l − 1; NLayer is the model's own output.</param>
/// <param name="Accuracy">Share of positions whose top-1 lens token is the true next token, in [0, 1].</param>
/// <param name="Loss">Mean cross-entropy (nats) of the lens distribution against the true next token.</param>
public sealed record LensScore(int Layer, double Accuracy, double Loss);

/// <summary>The logit lens: the final LayerNorm and the LM head applied to the residual stream at every layer.</summary>
/// <remarks>
/// nostalgebraist 2020, "interpreting GPT: the logit lens" (LessWrong). The stream has one meaning from bottom to top,
/// so decoding an intermediate layer with the output layer shows what the model "would say" if it stopped there. At the
/// last layer the lens is exactly the model's own logits, because it runs the same modules in the same order.
/// </remarks>
public static class LogitLens
{
    /// <summary>Logits (…, V) = head(ln_f(x)) for a stream vector x (…, C) at any layer.</summary>
    public static Tensor Apply(GptModel model, Tensor residual)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(residual);
        using var scope = NewDisposeScope();
        var normalised = ResidualStream.FinalNorm(model).call(residual);            // (…, C)
        return F.linear(normalised, model.HeadWeight).MoveToOuterDisposeScope();     // (…, C) x (V, C)ᵀ -> (…, V)
    }

    /// <summary>The lens logits (B, T, V) at every layer for ids (B, T): NLayer + 1 tensors, embeddings first.</summary>
    public static IReadOnlyList<Tensor> AllLayers(GptModel model, Tensor ids)
    {
        var stream = ResidualStream.Capture(model, ids);
        using (no_grad())
        {
            var logits = stream.Select(x => Apply(model, x)).ToList();
            foreach (var x in stream)
                x.Dispose();
            return logits;
        }
    }

    /// <summary>Top-1 accuracy and cross-entropy of the lens at every layer, for ids (B, T) and their next tokens (B, T).</summary>
    public static LensScore[] Score(GptModel model, Tensor ids, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (!targets.shape.SequenceEqual(ids.shape))
            throw new ArgumentException(
                $"Targets {Checks.Check.Format(targets.shape)} must have the ids' shape {Checks.Check.Format(ids.shape)}: one next token per position.",
                nameof(targets));
        using var scope = NewDisposeScope();
        var layers = AllLayers(model, ids);
        var flatTargets = targets.reshape(-1);                                        // (B, T) -> (B*T)
        return layers.Select((logits, layer) =>
        {
            var flat = logits.reshape(-1, logits.shape[^1]);                          // (B, T, V) -> (B*T, V)
            double accuracy = (flat.argmax(-1) == flatTargets).to(ScalarType.Float64).mean().item<double>();
            double loss = F.cross_entropy(flat.to(ScalarType.Float64), flatTargets).item<double>();
            return new LensScore(layer, accuracy, loss);
        }).ToArray();
    }

    /// <summary>Scores averaged over several batches, weighting each batch by its positions: (ids, targets) pairs of (B, T).</summary>
    public static LensScore[] Score(GptModel model, IEnumerable<(Tensor Ids, Tensor Targets)> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        double[]? accuracy = null, loss = null;
        long positions = 0;
        foreach (var (ids, targets) in batches)
        {
            var scores = Score(model, ids, targets);
            accuracy ??= new double[scores.Length];
            loss ??= new double[scores.Length];
            long n = ids.numel();
            for (int l = 0; l < scores.Length; l++)
            {
                accuracy[l] += scores[l].Accuracy * n;
                loss[l] += scores[l].Loss * n;
            }
            positions += n;
        }
        if (accuracy is null || loss is null)
            throw new ArgumentException("No batches were given.", nameof(batches));
        return accuracy.Select((a, l) => new LensScore(l, a / positions, loss[l] / positions)).ToArray();
    }
}
