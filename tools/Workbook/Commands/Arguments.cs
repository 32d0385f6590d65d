namespace Workbook.Commands;

/// <summary>A command line split into positional arguments and --name value options. Nothing more.</summary>
public sealed class Arguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> args, params string[] optionsWithValues)
    {
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            string arg = list[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                Positional.Add(arg);
                continue;
            }
            string name = arg[2..];
            string? inline = null;
            int eq = name.IndexOf('=');
            if (eq >= 0)
                (name, inline) = (name[..eq], name[(eq + 1)..]);
            if (!optionsWithValues.Contains(name))
                throw new UsageException($"unknown option --{name}");
            string? value = inline ?? (i + 1 < list.Count ? list[++i] : null);
            _options[name] = value ?? throw new UsageException($"--{name} needs a value");
        }
    }

    public List<string> Positional { get; } = [];

    public string? this[string name] => _options.GetValueOrDefault(name);
}

/// <summary>A mistake on the command line: printed with the usage text, exit code 1.</summary>
public sealed class UsageException(string message) : Exception(message);
