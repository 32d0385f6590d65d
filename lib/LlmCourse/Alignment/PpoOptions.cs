namespace LlmCourse.Alignment;

/// <summary>PPO's settings; the defaults follow trl's PPOConfig except where a small CPU model needs otherwise (noted).</summary>
/// <param name="LearningRate">AdamW rate for policy and value model together (trl: 3e-6 for large models; small models take larger).</param>
/// <param name="PpoEpochs">Gradient steps on each batch of rollouts (trl's num_ppo_epochs = 4, one minibatch each).</param>
/// <param name="ClipRange">ε of the policy ratio clip (trl: 0.2).</param>
/// <param name="ValueClipRange">How far one update may move a value (trl: 0.2).</param>
/// <param name="KlCoefficient">β of the per-token penalty −β·(log π − log π_ref) (trl: 0.05).</param>
/// <param name="Gamma">Discount γ (trl: 1: the answer is one episode and every token counts).</param>
/// <param name="Lambda">GAE's λ (trl: 0.95).</param>
/// <param name="ValueCoefficient">Weight of the value loss in the summed loss (trl: 0.1).</param>
/// <param name="Temperature">Sampling temperature. 1 here, so the sampled distribution is exactly the π whose log-probabilities the loss uses (trl samples at 0.7 and rescales its logits to match).</param>
/// <param name="MaxNewTokens">Longest response; a response cut off here gets no stop token, and is scored as it stands.</param>
/// <param name="GradientClip">Global gradient-norm clip (trl: max_grad_norm 1).</param>
/// <param name="WhitenAdvantages">Shift and scale advantages to mean 0, std 1 over the batch's tokens (trl does).</param>
/// <param name="Seed">Seeds the sampling generator: the same seed and models give the same rollouts.</param>
public sealed record PpoOptions(
    double LearningRate = 1e-5,
    int PpoEpochs = 4,
    double ClipRange = 0.2,
    double ValueClipRange = 0.2,
    double KlCoefficient = 0.05,
    double Gamma = 1.0,
    double Lambda = 0.95,
    double ValueCoefficient = 0.1,
    double Temperature = 1.0,
    int MaxNewTokens = 32,
    double GradientClip = 1.0,
    bool WhitenAdvantages = true,
    int Seed = 0);
