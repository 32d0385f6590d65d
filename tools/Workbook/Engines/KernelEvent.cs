using System.Text.Json;

namespace Workbook.Engines;

/// <summary>
/// One event the kernel wrote on stdout: a line of JSON, {"eventType": "…", "event": {…}, "command": {"token": …}}.
/// <see cref="Token"/> is the token of the command it belongs to; commands the kernel starts on its own behalf
/// (an #!import's cells, the hidden first submission) get the submitting command's token plus ".n".
/// </summary>
public sealed record KernelEvent(string Type, string? Token, JsonElement Payload)
{
    /// <summary>Parses a stdout line; null when it is not an event (the kernel may print other text).</summary>
    public static KernelEvent? TryParse(string line)
    {
        if (!line.StartsWith('{'))
            return null;
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (!root.TryGetProperty("eventType", out var type) || type.ValueKind != JsonValueKind.String)
                return null;
            string? token = root.TryGetProperty("command", out var command) && command.ValueKind == JsonValueKind.Object
                && command.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String
                    ? t.GetString()
                    : null;
            var payload = root.TryGetProperty("event", out var e) ? e.Clone() : default;
            return new KernelEvent(type.GetString()!, token, payload);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>True when the event belongs to the command with this token or to a command it started.</summary>
    public bool BelongsTo(string token) =>
        Token is not null && (Token == token || Token.StartsWith(token + ".", StringComparison.Ordinal));

    /// <summary>The event's formattedValues as MIME type to text (display, return value, stdout, error events).</summary>
    public Dictionary<string, string> FormattedValues()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Payload.ValueKind == JsonValueKind.Object && Payload.TryGetProperty("formattedValues", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var value in list.EnumerateArray())
            {
                if (value.TryGetProperty("suppressDisplay", out var suppress) && suppress.ValueKind == JsonValueKind.True)
                    continue;
                values[value.GetProperty("mimeType").GetString()!] = value.GetProperty("value").GetString() ?? "";
            }
        }
        return values;
    }

    public string? String(string property) =>
        Payload.ValueKind == JsonValueKind.Object && Payload.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
