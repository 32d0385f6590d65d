namespace LlmCourse.Decoding;

/// <summary>One hypothesis of a beam search: its tokens (prompt included), their total log-probability and its score.</summary>
/// <param name="Tokens">The prompt followed by the generated tokens (the stop token included when it ended).</param>
/// <param name="LogProbability">Σ log p(token | everything before it) over the generated tokens; natural log, ≤ 0.</param>
/// <param name="NewTokens">How many tokens were generated, |Y| in the length penalty.</param>
/// <param name="Finished">Whether it ended with the stop token (it then stops growing).</param>
/// <param name="Score">What beams are ranked by: the log-probability divided by the length penalty (equal when α = 0).</param>
public sealed record Beam(long[] Tokens, double LogProbability, int NewTokens, bool Finished, double Score)
{
    /// <summary>Only the generated tokens, without the prompt.</summary>
    public long[] Continuation => Tokens[^NewTokens..];
}

/// <summary>What a beam search found: its final beams, best score first.</summary>
public sealed record BeamSearchResult(IReadOnlyList<Beam> Beams)
{
    /// <summary>The highest-scoring beam.</summary>
    public Beam Best => Beams[0];

    /// <summary>The best beam's tokens, prompt included.</summary>
    public long[] Tokens => Best.Tokens;

    /// <summary>The best beam's score (its total log-probability when α = 0).</summary>
    public double Score => Best.Score;
}
