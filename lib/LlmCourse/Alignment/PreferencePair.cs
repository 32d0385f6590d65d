namespace LlmCourse.Alignment;

/// <summary>One preference: for <see cref="Prompt"/>, a labeller (a person, or a hidden rule) preferred <see cref="Chosen"/> to <see cref="Rejected"/>.</summary>
/// <remarks>Not sealed: a world that knows more about a pair (its problem, the kind of flaw) derives from it, and every
/// reward-model and DPO piece still takes it as a plain text pair.</remarks>
public record PreferencePair(string Prompt, string Chosen, string Rejected);
