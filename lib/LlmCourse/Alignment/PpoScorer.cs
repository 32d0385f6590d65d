namespace LlmCourse.Alignment;

/// <summary>
/// Scores sampled responses for PPO: one reward per row of <paramref name="rollout"/>, row i answering
/// <paramref name="prompts"/>[i]. A rule reads the texts; a reward model reads the rollout's ids.
/// </summary>
public delegate double[] PpoScorer(IReadOnlyList<string> prompts, Rollout rollout, IReadOnlyList<string> responses);
