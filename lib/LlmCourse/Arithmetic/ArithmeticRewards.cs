using System.Text.RegularExpressions;

namespace LlmCourse.Arithmetic;

/// <summary>The hidden rule behind every reward and preference of notebooks 14–15: a correct answer, in the expected format.</summary>
/// <remarks>A response counts up to its first '\n' (the stop token); anything generated after it is ignored.</remarks>
public static partial class ArithmeticRewards
{
    /// <summary>Reward for a correct answer.</summary>
    public const double CorrectReward = 1.0;

    /// <summary>Reward for the format "A+B=N. The answer is N." (DeepSeek-R1's format reward in miniature).</summary>
    public const double FormatReward = 0.1;

    /// <summary>The number after "The answer is", or else the last integer in the response; null when there is none.</summary>
    public static int? ParseAnswer(string response)
    {
        string line = FirstLine(response);
        var match = AnswerPattern().Match(line);
        if (!match.Success)
            match = IntegerPattern().Matches(line).LastOrDefault() ?? match;
        return match.Success && int.TryParse(match.Groups["n"].Value, System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : null;
    }

    /// <summary>Exactly "A+B=N. The answer is M." or "A-B=N. …" with integers (then optionally '\n'); whether N = M or either is right is not checked here.</summary>
    public static bool IsWellFormed(string response) => WellFormedPattern().IsMatch(FirstLine(response));

    public static bool IsCorrect(ArithmeticProblem problem, string response)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return ParseAnswer(response) == problem.Answer;
    }

    /// <summary><see cref="CorrectReward"/> if correct, plus <see cref="FormatReward"/> if well formed: 0, 0.1, 1 or 1.1.</summary>
    public static double Reward(ArithmeticProblem problem, string response) =>
        (IsCorrect(problem, response) ? CorrectReward : 0.0) + (IsWellFormed(response) ? FormatReward : 0.0);

    private static string FirstLine(string response)
    {
        ArgumentNullException.ThrowIfNull(response);
        int end = response.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? response : response[..end];
    }

    [GeneratedRegex(@"The answer is (?<n>-?\d{1,9})")]
    private static partial Regex AnswerPattern();

    [GeneratedRegex(@"(?<n>-?\d{1,9})")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^\d{1,9}[+-]\d{1,9}=-?\d{1,9}\. The answer is -?\d{1,9}\.$")]
    private static partial Regex WellFormedPattern();
}
