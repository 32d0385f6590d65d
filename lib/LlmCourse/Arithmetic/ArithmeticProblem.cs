namespace LlmCourse.Arithmetic;

/// <summary>One problem of the toy world, <c>A Op B</c> with Op '+' or '-' (for '-' A ≥ B, so answers are never negative).</summary>
/// <remarks>
/// The alignment notebooks (13–15) need rewards a rule can compute and answers a program can check; arithmetic gives both,
/// and a small GPT can learn it on a CPU in minutes.
/// </remarks>
public sealed record ArithmeticProblem
{
    public ArithmeticProblem(int a, int b, char op)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        if (op != '+' && op != '-')
            throw new ArgumentException($"The operation must be '+' or '-', not '{op}'.", nameof(op));
        if (op == '-' && a < b)
            throw new ArgumentException($"{a}-{b} would be negative; the world only has subtractions with A ≥ B.", nameof(b));
        A = a;
        B = b;
        Op = op;
    }

    public int A { get; }

    public int B { get; }

    public char Op { get; }

    public int Answer => Op == '+' ? A + B : A - B;

    /// <summary>"12+35".</summary>
    public string Question => $"{A}{Op}{B}";

    /// <summary>"12+35=47": a line of pretraining text.</summary>
    public string Equation => $"{Question}={Answer}";

    /// <summary>
    /// Whether the problem belongs to the held-out fifth: a fixed hash of (A, B, Op), so every notebook, profile and seed
    /// agrees on the split and a held-out problem never reaches pretraining or fine-tuning text.
    /// </summary>
    public bool IsHeldOut => Split != ArithmeticSplit.Training;

    /// <summary>
    /// The problem's split: the held-out fifth (<see cref="IsHeldOut"/>) is cut in two halves by the same hash, a
    /// validation half to choose settings on and a test half to report, so no number a notebook reports was tuned on.
    /// </summary>
    public ArithmeticSplit Split
    {
        get
        {
            ulong hash = Mix(((ulong)A << 33) ^ ((ulong)B << 1) ^ (Op == '-' ? 1UL : 0UL));
            return hash % 5 != 0 ? ArithmeticSplit.Training : (hash / 5) % 2 == 0 ? ArithmeticSplit.Validation : ArithmeticSplit.Test;
        }
    }

    public override string ToString() => Equation;

    // SplitMix64's finaliser: neighbouring problems land in unrelated buckets.
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
