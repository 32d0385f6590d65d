namespace LlmCourse.Data;

/// <summary>One sentence and its translation: the source (e.g. English) and the target (e.g. German).</summary>
public sealed record SentencePair(string Source, string Target);

/// <summary>A parallel corpus cut into train, validation and test pairs; the test set has a fixed size.</summary>
public sealed record ParallelSplit(IReadOnlyList<SentencePair> Train, IReadOnlyList<SentencePair> Validation, IReadOnlyList<SentencePair> Test);

/// <summary>Reads a tab-separated parallel corpus ("source&lt;TAB&gt;target" per line) and splits it with a fixed seed.</summary>
/// <remarks>
/// The format is the one of the ManyThings.org Anki files built from Tatoeba, which datasets/translation_en_de.tsv keeps
/// (see datasets/SOURCES.md). A line with no tab, or with two, would silently shift words between the languages, so the
/// reader stops at the first one and names the file and line.
/// </remarks>
public static class ParallelCorpus
{
    /// <summary>Every pair of the file, in file order. Throws naming the file, the line and the fix.</summary>
    public static IReadOnlyList<SentencePair> Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The parallel corpus '{path}' was not found (looked for {Path.GetFullPath(path)}). "
                + "The course's copy is datasets/translation_en_de.tsv; from a notebook, whose working directory is notebooks/, "
                + "the path is ../datasets/translation_en_de.tsv. Run the notebook from its own folder, or pass the full path.",
                path);

        var pairs = new List<SentencePair>();
        int lineNumber = 0;
        foreach (string line in Files.TextFile.ReadAllLines(path))
        {
            lineNumber++;
            pairs.Add(Parse(line, path, lineNumber));
        }
        if (pairs.Count == 0)
            throw new InvalidDataException($"{path} holds no sentence pairs. Expected one \"source<TAB>target\" pair per line.");
        return pairs;
    }

    /// <summary>One line "source&lt;TAB&gt;target" as a pair; <paramref name="path"/> and <paramref name="lineNumber"/> go into the error.</summary>
    public static SentencePair Parse(string line, string path = "<text>", int lineNumber = 1)
    {
        ArgumentNullException.ThrowIfNull(line);
        int tabs = line.Count(c => c == '\t');
        if (tabs != 1)
            throw new InvalidDataException(
                $"{path}:{lineNumber}: expected exactly one tab between the sentence and its translation, found {tabs} "
                + $"in \"{Shorten(line)}\". Fix or delete that line.");
        int tab = line.IndexOf('\t');
        string source = line[..tab].Trim(), target = line[(tab + 1)..].Trim();
        if (source.Length == 0 || target.Length == 0)
            throw new InvalidDataException(
                $"{path}:{lineNumber}: the {(source.Length == 0 ? "source" : "target")} sentence is empty in \"{Shorten(line)}\". "
                + "Every line needs text on both sides of the tab.");
        return new SentencePair(source, target);
    }

    /// <summary>
    /// Shuffles a copy of the pairs with <c>new Random(seed)</c>, then takes exactly <paramref name="testCount"/> pairs for
    /// test, the next <paramref name="validationCount"/> for validation, and leaves the rest for training.
    /// </summary>
    public static ParallelSplit Split(IReadOnlyList<SentencePair> pairs, int seed, int testCount = 500, int validationCount = 500)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        ArgumentOutOfRangeException.ThrowIfNegative(validationCount);
        if (testCount + validationCount >= pairs.Count)
            throw new ArgumentException(
                $"{pairs.Count} pairs cannot give {testCount} test and {validationCount} validation pairs and still leave some for training.");

        var shuffled = pairs.ToArray();
        // Fisher–Yates with our own seeded generator, as NameSplit: the same seed gives the same test set everywhere.
        var random = new Random(seed);
        for (int i = shuffled.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }
        int validationEnd = testCount + validationCount;
        return new ParallelSplit(shuffled[validationEnd..], shuffled[testCount..validationEnd], shuffled[..testCount]);
    }

    private static string Shorten(string line)
    {
        string shown = line.Replace("\t", "⇥");
        return shown.Length <= 80 ? shown : shown[..77] + "…";
    }
}
