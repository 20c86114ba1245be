using Serilog.Core;
using Serilog.Events;

namespace AppPasswords.Web.Hosting;

/// <summary>
/// Masks the value of every log property (at any depth) whose name looks like it carries a secret:
/// password, secret, token, code, key, OTP, authorization, cookie, connection string, query string.
/// Rendered messages use the masked value, so neither the text nor the structured output leaks it.
/// </summary>
internal sealed class SecretRedactingEnricher : ILogEventEnricher
{
    public const string Mask = "***";

    private static readonly ScalarValue MaskValue = new(Mask);

    // Any of these inside the name, whatever the casing or separators ("db_password", "ClientSecret", "X-Api-Token").
    private static readonly string[] SensitiveFragments =
        ["password", "passwd", "passphrase", "secret", "token", "authorization", "cookie", "connectionstring", "querystring", "credential"];

    // These only as a whole word of the name ("Code", "VerificationCode", "api_key"), so "Encoding" or "Monkey" pass.
    private static readonly HashSet<string> SensitiveWords =
        new(["code", "key", "otp", "totp", "pin", "pwd", "apikey", "seed"], StringComparer.OrdinalIgnoreCase);

    // Names made of a sensitive word that are known to carry no secret.
    private static readonly HashSet<string> Harmless =
        new(["StatusCode", "KeyId", "EventCode"], StringComparer.OrdinalIgnoreCase);

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? replacements = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var redacted = IsSensitive(name) ? MaskValue : Redact(value);
            if (!ReferenceEquals(redacted, value))
            {
                (replacements ??= []).Add(new LogEventProperty(name, redacted));
            }
        }

        foreach (var property in replacements ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    public static bool IsSensitive(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Harmless.Contains(name))
        {
            return false;
        }

        var compact = new string([.. name.Where(char.IsLetterOrDigit)]);
        if (SensitiveFragments.Any(f => compact.Contains(f, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return Words(name).Any(SensitiveWords.Contains);
    }

    private static LogEventPropertyValue Redact(LogEventPropertyValue value)
    {
        switch (value)
        {
            case StructureValue structure:
                var changed = false;
                var properties = structure.Properties.Select(p =>
                {
                    var redacted = IsSensitive(p.Name) ? MaskValue : Redact(p.Value);
                    changed |= !ReferenceEquals(redacted, p.Value);
                    return new LogEventProperty(p.Name, redacted);
                }).ToList();
                return changed ? new StructureValue(properties, structure.TypeTag) : value;
            case DictionaryValue dictionary:
                var dictionaryChanged = false;
                var entries = dictionary.Elements.Select(e =>
                {
                    var sensitive = e.Key.Value is string key && IsSensitive(key);
                    var redacted = sensitive ? MaskValue : Redact(e.Value);
                    dictionaryChanged |= !ReferenceEquals(redacted, e.Value);
                    return new KeyValuePair<ScalarValue, LogEventPropertyValue>(e.Key, redacted);
                }).ToList();
                return dictionaryChanged ? new DictionaryValue(entries) : value;
            case SequenceValue sequence:
                var sequenceChanged = false;
                var elements = sequence.Elements.Select(e =>
                {
                    var redacted = Redact(e);
                    sequenceChanged |= !ReferenceEquals(redacted, e);
                    return redacted;
                }).ToList();
                return sequenceChanged ? new SequenceValue(elements) : value;
            default:
                return value;
        }
    }

    /// <summary>Splits <c>VerificationCode</c>, <c>api_key</c>, <c>X-Api-Key</c> into lower-case words.</summary>
    private static IEnumerable<string> Words(string name)
    {
        var word = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }

                continue;
            }

            if (char.IsUpper(c) && word.Length > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                yield return word.ToString();
                word.Clear();
            }

            word.Append(char.ToLowerInvariant(c));
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }
}
