namespace Benchmarks;

/// <summary>The command line: how many steps and tokens to measure, and where Tiny Shakespeare is.</summary>
internal sealed record BenchmarkOptions(int Steps, int Warmup, int NewTokens, string DataPath, bool SkipGeneration, int? Threads)
{
    public const string Usage =
        """
        usage: dotnet run --project tools/Benchmarks -c Release -- [options]

          --steps N        training steps in the one training run (default 1000; at least warm-up + 200)
          --warmup N       first steps left out of the timing median (default 20)
          --tokens N       new tokens per generation (default 500)
          --quick          --steps 220 --tokens 100: a check that everything runs, in about half a minute
          --no-generation  the training part only
          --threads N      libtorch's CPU threads (default: libtorch's choice, one per core)
          --data PATH      Tiny Shakespeare (default: datasets/tinyshakespeare.txt, looked for upwards from here)
          --help           this text
        """;

    public static BenchmarkOptions Parse(string[] args)
    {
        int steps = 1000, warmup = 20, tokens = 500;
        string? data = null;
        bool skipGeneration = false;
        int? threads = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--steps": steps = Number(args, ref i); break;
                case "--warmup": warmup = Number(args, ref i); break;
                case "--tokens": tokens = Number(args, ref i); break;
                case "--quick": (steps, tokens) = (220, 100); break;
                case "--no-generation": skipGeneration = true; break;
                case "--threads": threads = Number(args, ref i); break;
                case "--data": data = Value(args, ref i); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.\n{Usage}");
            }
        }
        if (warmup < 1 || steps < warmup + 200)
            throw new ArgumentException($"--steps ({steps}) must be at least --warmup ({warmup}, ≥ 1) + 200, so that the median covers 200 timed steps.");
        if (threads < 1)
            throw new ArgumentException($"--threads must be at least 1, found {threads}.");
        if (tokens < 1)
            throw new ArgumentException($"--tokens must be at least 1, found {tokens}.");
        return new BenchmarkOptions(steps, warmup, tokens, data ?? FindDataset(), skipGeneration, threads);
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.\n{Usage}");

    private static int Number(string[] args, ref int i)
    {
        string text = Value(args, ref i);
        return int.TryParse(text, out int n) ? n : throw new ArgumentException($"{args[i - 1]} needs a whole number, found '{text}'.");
    }

    // From the working directory upwards, so it runs from the repository root, tools/Benchmarks or anywhere below.
    private static string FindDataset()
    {
        for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "datasets", "tinyshakespeare.txt");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException(
            $"datasets/tinyshakespeare.txt was not found in {Directory.GetCurrentDirectory()} or any folder above it. "
            + "Run from inside the repository, or pass --data PATH.");
    }
}
