using System.Collections.Concurrent;
using System.Globalization;
using Serilog.Events;
using Serilog.Formatting.Json;
using Serilog.Core;

namespace AppPasswords.Testing;

/// <summary>Keeps every Serilog event written by the host, rendered and as JSON, for assertions.</summary>
public sealed class CapturedLogSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> events = new();

    public IReadOnlyCollection<LogEvent> Events => events.ToArray();

    public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);

    /// <summary>All events as one text: rendered message plus every property as JSON, to search for leaked secrets.</summary>
    public string AllText()
    {
        var formatter = new JsonFormatter(renderMessage: true, formatProvider: CultureInfo.InvariantCulture);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var e in events)
        {
            formatter.Format(e, writer);
            if (e.Exception is not null)
            {
                writer.WriteLine(e.Exception.ToString());
            }
        }

        return writer.ToString();
    }
}
