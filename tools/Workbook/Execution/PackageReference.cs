namespace Workbook.Execution;

/// <summary>
/// The value of a <c>#r "nuget: Id, Version"</c> directive, parsed as .NET Interactive's PackageReference.TryParse
/// does: quotes and blanks trimmed, the "nuget:" prefix required, id and version split at the first comma.
/// </summary>
public sealed record PackageReference(string Id, string Version)
{
    public static bool TryParse(string value, out PackageReference? reference)
    {
        reference = null;
        value = value.Trim(' ', '\t', '"');
        if (!value.StartsWith("nuget:", StringComparison.Ordinal))
            return false;
        string rest = value["nuget:".Length..];
        int comma = rest.IndexOf(',');
        string id = (comma < 0 ? rest : rest[..comma]).Trim();
        string version = comma < 0 ? "" : rest[(comma + 1)..].Trim();
        if (id.Length == 0)
            return false;
        reference = new PackageReference(id, version);
        return true;
    }

    public override string ToString() => Version.Length == 0 ? Id : $"{Id}, {Version}";
}
