using AppPasswords.Core.Common;
using Serilog.Core;
using Serilog.Events;

namespace AppPasswords.Web.Hosting;

/// <summary>
/// Rewrites every string value of a log event (at any depth) through <see cref="ControlCharacters.Escape"/>, so a
/// display name, device name, user agent or any other user-supplied value holding CR, LF or another control
/// character cannot start a forged line in a text sink. Rendered messages use the escaped value. Events without
/// such characters are left untouched.
/// </summary>
internal sealed class ControlCharacterEscapingEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? replacements = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var escaped = Escape(value);
            if (!ReferenceEquals(escaped, value))
            {
                (replacements ??= []).Add(new LogEventProperty(name, escaped));
            }
        }

        foreach (var property in replacements ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    private static LogEventPropertyValue Escape(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string text }:
                var escaped = ControlCharacters.Escape(text);
                return ReferenceEquals(escaped, text) ? value : new ScalarValue(escaped);
            case StructureValue structure:
                var changed = false;
                var properties = structure.Properties.Select(p =>
                {
                    var escapedValue = Escape(p.Value);
                    changed |= !ReferenceEquals(escapedValue, p.Value);
                    return new LogEventProperty(p.Name, escapedValue);
                }).ToList();
                return changed ? new StructureValue(properties, structure.TypeTag) : value;
            case DictionaryValue dictionary:
                var dictionaryChanged = false;
                var entries = dictionary.Elements.Select(e =>
                {
                    var key = (ScalarValue)Escape(e.Key);
                    var escapedValue = Escape(e.Value);
                    dictionaryChanged |= !ReferenceEquals(key, e.Key) || !ReferenceEquals(escapedValue, e.Value);
                    return new KeyValuePair<ScalarValue, LogEventPropertyValue>(key, escapedValue);
                }).ToList();
                return dictionaryChanged ? new DictionaryValue(entries) : value;
            case SequenceValue sequence:
                var sequenceChanged = false;
                var elements = sequence.Elements.Select(e =>
                {
                    var escapedValue = Escape(e);
                    sequenceChanged |= !ReferenceEquals(escapedValue, e);
                    return escapedValue;
                }).ToList();
                return sequenceChanged ? new SequenceValue(elements) : value;
            default:
                return value;
        }
    }
}
