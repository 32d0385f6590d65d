// The GPT benchmarks of notebook 07 (issue 4): how fast the course's GPT trains on a CPU, whether its memory stays flat
// over a long run, and how much the KV cache speeds up generation. How to run it and what it prints: README.md.
using System.Diagnostics;
using Benchmarks;
using LlmCourse.Gpt;
using TorchSharp;

BenchmarkOptions options;
try
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(BenchmarkOptions.Usage);
        return 0;
    }
    options = BenchmarkOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FileNotFoundException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

if (options.Threads is int threads)
    torch.set_num_threads(threads);
var clock = Stopwatch.StartNew();
Console.WriteLine($"GPT benchmarks: {Environment.ProcessorCount} cores, libtorch {torch.__version__} on {torch.get_num_threads()} threads, "
    + $"TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)}, .NET {Environment.Version}, device cpu");
using var data = CharDataset.Load(options.DataPath);
Console.WriteLine($"data: {options.DataPath}, {data.Tokenizer.Size} characters, "
    + $"{data[DataSplit.Train].shape[0]:N0} train / {data[DataSplit.Validation].shape[0]:N0} validation ids");
Console.WriteLine();

const int batchSize = 12;
var training = TrainingBenchmark.Run(data, batchSize, options.Steps, options.Warmup);
var c = training.Config;
Console.WriteLine($"Training: ShakespeareCpu ({c.NLayer} layers, {c.NHead} heads, {c.NEmbd} wide, context {c.BlockSize}, "
    + $"{training.Parameters:N0} parameters), batch {batchSize}, AdamW, clip 1.0, TrainingLoop.Run");
Console.WriteLine($"  ms/step       {training.MedianMs,8:F1}   median of steps {options.Warmup + 1}–{training.Steps} ({training.TimedSteps} steps; "
    + $"10th–90th percentile {training.P10Ms:F1}–{training.P90Ms:F1})");
Console.WriteLine($"  tokens/s      {training.TokensPerSecond,8:N0}   ({batchSize} × {c.BlockSize} tokens per step / median step time)");
Console.WriteLine($"  loss          {training.FirstLoss,8:F3} → {training.LastLoss:F3} (step 1 → mean of the last 50 steps)");
Console.WriteLine($"  memory over the {training.Steps}-step run (one dispose scope per step):");
foreach (var m in training.Memory)
    Console.WriteLine($"    after step {m.Step,5}: RSS {m.RssMiB,7:F1} MiB, managed heap {m.ManagedMiB,6:F1} MiB ({m.Gen0Collections} gen-0 GCs so far), live tensors {m.LiveTensors}");
var first = training.Memory[0];
var lastSample = training.Memory[^1];
var afterWarmup = training.Memory.First(m => m.Step >= options.Warmup);
Console.WriteLine($"  RSS step {lastSample.Step} − step {first.Step}: {lastSample.RssMiB - first.RssMiB:+0.0;-0.0} MiB "
    + $"(step {lastSample.Step} − step {afterWarmup.Step}: {lastSample.RssMiB - afterWarmup.RssMiB:+0.0;-0.0} MiB); "
    + $"live tensors {first.LiveTensors} → {lastSample.LiveTensors}");
// A leak grows with every step; the allocators' warm-up does not. The second half of the run tells them apart.
var halfway = training.Memory.Last(m => m.Step <= training.Steps / 2);
Console.WriteLine($"  RSS over the second half (step {halfway.Step} → {lastSample.Step}): {lastSample.RssMiB - halfway.RssMiB:+0.0;-0.0} MiB "
    + "(growth before that is the allocators and the JIT warming up; a leak would keep growing here)");
Console.WriteLine($"  peak RSS so far (VmHWM): {ProcessMemory.PeakMiB():F1} MiB");

if (!options.SkipGeneration)
{
    Console.WriteLine();
    Console.WriteLine($"Generation: greedy, {options.NewTokens} new tokens after a 1-token prompt, untrained weights, batch 1");
    var runs = new[]
    {
        GenerationBenchmark.Run("BabyGpt", GptConfig.BabyGpt(data.Tokenizer.Size), options.NewTokens),
        GenerationBenchmark.Run("ShakespeareCpu", GptConfig.ShakespeareCpu(data.Tokenizer.Size), options.NewTokens),
    };
    Console.WriteLine($"  {"model",-15} {"size",-16} {"context",7} {"params",11} {"cached tok/s",13} {"uncached tok/s",15} {"speed-up",9}  identical");
    foreach (var r in runs)
        Console.WriteLine($"  {r.Name,-15} {$"{r.Config.NLayer}×{r.Config.NHead}×{r.Config.NEmbd}",-16} {r.Config.BlockSize,7} {r.Parameters,11:N0} "
            + $"{r.CachedTokensPerSecond,13:F1} {r.UncachedTokensPerSecond,15:F1} {r.Speedup,8:F2}×  {(r.Identical ? "yes" : "NO")}");
    if (runs.Any(r => !r.Identical))
        Console.WriteLine("  cached and uncached greedy outputs differ: the KV cache path has a bug.");

    Console.WriteLine();
    int answers = options.NewTokens >= 500 ? 600 : 64;
    Console.WriteLine($"Rollouts (notebooks 13–15): {answers} answers of 30 tokens sampled at temperature 1 after a 20-token instruction, untrained weights, one batch");
    var rollouts = new[]
    {
        RolloutBenchmark.Run("3 × 96", LlmCourse.Arithmetic.ArithmeticRecipe.Config(nLayer: 3, nHead: 4, nEmbd: 96), answers, 30),
        RolloutBenchmark.Run("cpu recipe", LlmCourse.Arithmetic.ArithmeticRecipe.ForProfile(LlmCourse.Setup.CourseProfile.Cpu).Model, answers, 30),
    };
    Console.WriteLine($"  {"model",-15} {"size",-16} {"params",11} {"cached s",9} {"whole-prefix s",15} {"speed-up",9}  identical");
    foreach (var r in rollouts)
        Console.WriteLine($"  {r.Name,-15} {$"{r.Config.NLayer}×{r.Config.NHead}×{r.Config.NEmbd}",-16} {r.Parameters,11:N0} "
            + $"{r.CachedSeconds,9:F2} {r.UncachedSeconds,15:F2} {r.Speedup,8:F1}×  {(r.Identical ? "yes" : "NO")}");
    if (rollouts.Any(r => !r.Identical))
        Console.WriteLine("  cached and whole-prefix samples differ: the KV cache path has a bug (or float rounding flipped a draw).");
}

Console.WriteLine();
Console.WriteLine($"peak RSS (VmHWM, whole run): {ProcessMemory.PeakMiB():F1} MiB; total time {clock.Elapsed.TotalSeconds:F0} s");
return 0;
