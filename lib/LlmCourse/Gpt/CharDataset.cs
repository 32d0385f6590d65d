using LlmCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmCourse.Gpt;

/// <summary>Which part of a <see cref="CharDataset"/>: the first 90 % to train on, the last 10 % to validate.</summary>
public enum DataSplit
{
    Train,
    Validation,
}

/// <summary>A text as one long run of character ids, split 90/10, from which random (B, T) windows are drawn.</summary>
/// <remarks>
/// karpathy/nanoGPT data/shakespeare_char/prepare.py (vocabulary, first 90 % train, last 10 % val) and train.py's
/// get_batch: B random start offsets, x = the T ids from each, y = the same window shifted by one, so y[b, t] is the
/// token after x[b, 0 … t]. The ids live on the device once; each batch is an index into them.
/// </remarks>
public sealed class CharDataset : IDisposable
{
    private readonly Tensor _train;        // (N·0.9) int64 on the device
    private readonly Tensor _validation;   // (N·0.1) int64 on the device

    private CharDataset(CharTokenizer tokenizer, long[] ids, double trainFraction, Device device)
    {
        Tokenizer = tokenizer;
        long cut = (long)(ids.Length * trainFraction);
        // Detached: the data lives as long as the dataset, not as long as the dispose scope it was made in.
        _train = tensor(ids[..(int)cut], device: device).DetachFromDisposeScope();
        _validation = tensor(ids[(int)cut..], device: device).DetachFromDisposeScope();
    }

    /// <summary>
    /// Ids on <paramref name="device"/> (default CPU), the first <paramref name="trainFraction"/> to train; the tokenizer is
    /// built from the whole text unless one is given (e.g. a fixed alphabet larger than this text's).
    /// </summary>
    public static CharDataset FromText(string text, double trainFraction = 0.9, Device? device = null, CharTokenizer? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!(trainFraction > 0 && trainFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "The train fraction must lie strictly between 0 and 1 (nanoGPT: 0.9).");
        tokenizer ??= CharTokenizer.FromText(text);
        return new CharDataset(tokenizer, tokenizer.Encode(text), trainFraction, device ?? CPU);
    }

    /// <summary>The text file at <paramref name="path"/> (e.g. ../datasets/tinyshakespeare.txt from a notebook), as <see cref="FromText"/>.</summary>
    public static CharDataset Load(string path, double trainFraction = 0.9, Device? device = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The text file '{path}' was not found (looked for {Path.GetFullPath(path)}). The course's copy is "
                + "datasets/tinyshakespeare.txt; from a notebook (working directory notebooks/) that is ../datasets/tinyshakespeare.txt.", path);
        return FromText(Files.TextFile.ReadAllText(path), trainFraction, device);   // "\r\n" read as "\n"
    }

    public CharTokenizer Tokenizer { get; }

    /// <summary>The ids of one split, 1-D int64 on the device.</summary>
    public Tensor this[DataSplit split] => split == DataSplit.Train ? _train : _validation;

    /// <summary>
    /// x and y, (B, T) int64 on the data's device: B windows starting at offsets drawn by <paramref name="generator"/>
    /// (a CPU generator, so the same seed gives the same batches on any device); y is x shifted one position on.
    /// </summary>
    public (Tensor X, Tensor Y) GetBatch(DataSplit split, int batchSize, int blockSize, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        var data = this[split];
        long starts = data.shape[0] - blockSize;
        if (starts < 1)
            throw new ArgumentException($"The {split} split has {data.shape[0]} ids, too few for windows of {blockSize} + 1. Use a shorter block or more text.");
        using var scope = NewDisposeScope();
        var offsets = randint(0, starts, [batchSize, 1], generator: generator).to(data.device);   // (B, 1)
        var index = offsets + arange(blockSize, device: data.device);                              // (B, 1) + (T) -> (B, T)
        return (data[index].MoveToOuterDisposeScope(), data[index + 1].MoveToOuterDisposeScope());
    }

    /// <summary>A batch source for <see cref="TrainingLoop.Run"/>: each step a fresh <see cref="GetBatch"/> from the training split.</summary>
    public Func<int, (Tensor Inputs, Tensor Targets)> TrainingBatches(int batchSize, int blockSize, long seed)
    {
        var generator = new Generator((ulong)seed);
        return _ => GetBatch(DataSplit.Train, batchSize, blockSize, generator);
    }

    /// <summary>
    /// nanoGPT's estimate_loss: the mean loss of <paramref name="model"/> over <paramref name="batches"/> random batches of
    /// one split, in eval mode and without autograd. The same seed gives the same batches, so two evaluations compare.
    /// </summary>
    public double EstimateLoss(nn.Module<Tensor, Tensor> model, DataSplit split, int batches, int batchSize, int blockSize, long seed = 1337)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        var generator = new Generator((ulong)seed);
        bool wasTraining = model.training;
        model.eval();
        double total = 0;
        using (no_grad())
        {
            for (int i = 0; i < batches; i++)
            {
                using var scope = NewDisposeScope();
                var (x, y) = GetBatch(split, batchSize, blockSize, generator);
                total += Loss.CrossEntropy(model.call(x), y).ToDouble();
            }
        }
        model.train(wasTraining);
        return total / batches;
    }

    public void Dispose()
    {
        _train.Dispose();
        _validation.Dispose();
    }
}
