namespace Workbook.Commands;

/// <summary>Which notebooks a command works on: the ones named, or every notebooks/*.dib in order.</summary>
public static class NotebookFiles
{
    public static List<string> Resolve(RepoLayout repo, IReadOnlyList<string> named)
    {
        if (named.Count == 0)
            return Directory.GetFiles(repo.Notebooks, "*.dib").Order(StringComparer.Ordinal).ToList();
        var files = new List<string>();
        foreach (var name in named)
        {
            string path = Path.GetFullPath(name);
            if (Directory.Exists(path))
                files.AddRange(Directory.GetFiles(path, "*.dib").Order(StringComparer.Ordinal));
            else if (File.Exists(path))
                files.Add(path);
            else if (File.Exists(path + ".dib"))
                files.Add(path + ".dib");
            else
                throw new UsageException($"no notebook {name} (give a .dib path, a folder, or nothing for all of notebooks/)");
        }
        return files;
    }
}
