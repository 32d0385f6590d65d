namespace LlmCourse.Text;

/// <summary>Reads a names file (makemore's names.txt): one name per line, letters only.</summary>
/// <remarks>
/// The file is read strictly as UTF-8, with Windows line ends allowed. Letters beyond a–z are names too ("Zoë"): they are
/// kept, in Unicode's composed form (NFC), and each distinct one becomes a character of the vocabulary built from the
/// names, one more symbol for the model to learn. The course's datasets/names.txt holds only a–z (27 symbols with '.').
/// </remarks>
public static class NamesFile
{
    /// <summary>Every name in the file, in file order, duplicates kept. Throws naming the file, the line and the fix.</summary>
    public static IReadOnlyList<string> Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The names file '{path}' was not found (looked for {Path.GetFullPath(path)}). "
                + "The course's copy is datasets/names.txt; from a notebook, whose working directory is notebooks/, "
                + "the path is ../datasets/names.txt. Run the notebook from its own folder, or pass the full path.",
                path);

        var names = new List<string>();
        int lineNumber = 0;
        foreach (string raw in Files.TextFile.ReadAllLines(path))
        {
            lineNumber++;
            // One spelling per name: "ë" typed as one character or as "e" plus a combining diaeresis is the same name.
            string line = raw.Normalize(System.Text.NormalizationForm.FormC);
            Validate(line, lineNumber, path);
            names.Add(line);
        }
        if (names.Count == 0)
            throw new InvalidDataException($"{path} holds no names. Expected one name per line, as in datasets/names.txt.");
        return names;
    }

    // A stray space or a blank line would silently become a character of the vocabulary, or an empty name the model
    // learns to predict; stop at the first one instead and say where it is.
    private static void Validate(string line, int lineNumber, string path)
    {
        if (line.Length == 0)
            throw new InvalidDataException(
                $"{path} line {lineNumber} is empty. Expected one name per line; delete the blank line.");
        for (int i = 0; i < line.Length; i++)
        {
            if (!char.IsLetter(line[i]))
                throw new InvalidDataException(
                    $"{path} line {lineNumber} (\"{line}\") has '{(char.IsControl(line[i]) ? $"\\u{(int)line[i]:X4}" : line[i])}' "
                    + $"at position {i}. A name is letters only; fix or delete that line.");
        }
    }
}
