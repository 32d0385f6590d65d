using LlmCourse.Gpt;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Geometry;

/// <summary>A GPT's residual stream: the (B, T, C) vector at every position after the embeddings and after each block.</summary>
/// <remarks>
/// Every block of a pre-norm GPT adds its attention and feed-forward outputs to the stream, x ← x + f(LayerNorm(x)),
/// so the embeddings and the output of every block are vectors in one space of NEmbd dimensions. This class reruns
/// <see cref="GptModel"/>'s forward pass one block at a time with the model's own modules and keeps each step, as
/// the logit lens needs (nostalgebraist 2020, "interpreting GPT: the logit lens").
/// </remarks>
public static class ResidualStream
{
    /// <summary>
    /// NLayer + 1 tensors (B, T, C) for ids (B, T): [0] is token + position embedding, [l] the stream after block l − 1.
    /// Runs without autograd; the model must not be dropping units (eval mode, or dropout 0).
    /// </summary>
    public static IReadOnlyList<Tensor> Capture(GptModel model, Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ids);
        if (model.training && model.Config.Dropout > 0)
            throw new InvalidOperationException(
                $"The model is in training mode with dropout {model.Config.Dropout}, so its stream would be random. Call model.eval() first.");
        if (ids.dim() != 2 || ids.dtype != ScalarType.Int64 || ids.shape[1] > model.Config.BlockSize)
            throw new ArgumentException(
                $"Expected ids (B, T) of int64 with T ≤ {model.Config.BlockSize}, found {ids.dtype} {Checks.Check.Format(ids.shape)}.", nameof(ids));
        var stream = new List<Tensor>();
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var range = stack([ids.min(), ids.max()]).cpu().data<long>();                            // one device round trip
            if (range[0] < 0 || range[1] >= model.Config.VocabSize)
                throw new ArgumentException(
                    $"Token ids must lie in 0 … {model.Config.VocabSize - 1}, but they run from {range[0]} to {range[1]}. "
                    + "Encode with the vocabulary the model was built for.", nameof(ids));
            var transformer = model.Transformer;
            var positions = arange(0, ids.shape[1], ScalarType.Int64, ids.device);                   // (T)
            var x = transformer.TokenEmbedding.call(ids) + transformer.PositionEmbedding.call(positions);   // (B, T, C) + (T, C)
            stream.Add(x);
            foreach (var block in model.Blocks)
            {
                x = block.call(x);                                                                   // (B, T, C) -> (B, T, C)
                stream.Add(x);
            }
            foreach (var t in stream)
                t.MoveToOuterDisposeScope();
        }
        return stream;
    }

    /// <summary>The model's final LayerNorm (state_dict "transformer.ln_f"), the norm its head reads through.</summary>
    public static nn.Module<Tensor, Tensor> FinalNorm(GptModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var (name, module) in model.Transformer.named_children())
        {
            if (name == "ln_f" && module is nn.Module<Tensor, Tensor> norm)
                return norm;
        }
        throw new InvalidOperationException("The model's transformer has no \"ln_f\" module; is it a GptModel from LlmCourse.Gpt?");
    }

    /// <summary>Mean L2 norm of the stream's vectors at each layer: NLayer + 1 numbers, embeddings first.</summary>
    public static double[] MeanNorms(IReadOnlyList<Tensor> stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var scope = NewDisposeScope();
        return stream.Select(x => x.to(ScalarType.Float64).norm(-1).mean().item<double>()).ToArray();   // (B, T, C) -> (B, T) -> ()
    }
}
