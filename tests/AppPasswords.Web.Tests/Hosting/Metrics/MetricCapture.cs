using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AppPasswords.Core.Observability;

namespace AppPasswords.Web.Tests.Hosting.Metrics;

/// <summary>Every measurement of the portal's meter while it lives, with its tags.</summary>
internal sealed class MetricCapture : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<(string Name, double Value, Dictionary<string, string?> Tags)> measurements = new();

    public MetricCapture()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PortalMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();
    }

    /// <summary>The sum of the values of <paramref name="name"/> whose tags include all of <paramref name="tags"/>.</summary>
    public double Sum(string name, params (string Key, string Value)[] tags) => Values(name, tags).Sum();

    public IReadOnlyList<double> Values(string name, params (string Key, string Value)[] tags) =>
        measurements
            .Where(m => m.Name == name && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && v == t.Value))
            .Select(m => m.Value)
            .ToList();

    /// <summary>Every tag value recorded, for checks that no secret or name leaks into a tag.</summary>
    public IEnumerable<string> AllTagValues() => measurements.SelectMany(m => m.Tags.Values).OfType<string>();

    public void Dispose() => listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }

        measurements.Enqueue((instrument.Name, value, copy));
    }
}

/// <summary>
/// The portal's meter is process-wide, so tests that count its measurements run alone, after the parallel tests,
/// with no other host recording at the same time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PortalMetricsTestGroup
{
    public const string Name = "Portal metrics";
}
