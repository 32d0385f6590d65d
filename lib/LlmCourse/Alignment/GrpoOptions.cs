namespace LlmCourse.Alignment;

/// <summary>GRPO's settings; defaults follow DeepSeekMath and trl's GRPOConfig except where a small CPU model needs otherwise (noted).</summary>
/// <param name="GroupSize">G, answers sampled per prompt (trl's num_generations = 8; DeepSeekMath used 64).</param>
/// <param name="LearningRate">AdamW rate for the policy (trl: 1e-6 for large models; a 0.2M-parameter GPT takes far larger).</param>
/// <param name="Iterations">μ, gradient steps on each batch of groups (trl's num_iterations = 1; with 1 the ratio is exactly 1 and nothing is clipped).</param>
/// <param name="ClipRange">ε of the ratio clip (trl: 0.2).</param>
/// <param name="Beta">β of the k3 KL term (DeepSeekMath: 0.04, trl's default until 2025; trl now defaults to 0).</param>
/// <param name="Averaging">How tokens are averaged: per sequence as in DeepSeekMath, or per token as in DAPO.</param>
/// <param name="Temperature">Sampling temperature; 1, so the sampled distribution is the π the ratios use.</param>
/// <param name="MaxNewTokens">Longest answer.</param>
/// <param name="GradientClip">Global gradient-norm clip (trl: max_grad_norm 1).</param>
/// <param name="Epsilon">Added to the group's std in the z-score (trl: 1e-4).</param>
/// <param name="ScaleRewards">Divide by the group's std (true, DeepSeekMath) or only subtract the mean (Dr. GRPO).</param>
/// <param name="Seed">Seeds the sampling generator.</param>
public sealed record GrpoOptions(
    int GroupSize = 8,
    double LearningRate = 1e-4,
    int Iterations = 2,
    double ClipRange = 0.2,
    double Beta = 0.04,
    GrpoAveraging Averaging = GrpoAveraging.PerSequence,
    double Temperature = 1.0,
    int MaxNewTokens = 32,
    double GradientClip = 1.0,
    double Epsilon = 1e-4,
    bool ScaleRewards = true,
    int Seed = 0);
