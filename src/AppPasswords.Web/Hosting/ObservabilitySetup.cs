using AppPasswords.Core.Observability;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace AppPasswords.Web.Hosting;

/// <summary>
/// Configuration section <c>OpenTelemetry</c>: OTLP export of the portal's metrics (docs/observability.md).
/// Nothing is collected or sent unless an endpoint is configured.
/// </summary>
public sealed class ObservabilityOptions
{
    public const string SectionName = "OpenTelemetry";

    public OtlpOptions Otlp { get; set; } = new();

    /// <summary>How often metrics are sent; 60 s by default.</summary>
    public int MetricExportIntervalMilliseconds { get; set; } = 60_000;

    public sealed class OtlpOptions
    {
        /// <summary>Base address of the collector, e.g. <c>http://collector:4318</c>; empty turns export off.</summary>
        public Uri? Endpoint { get; set; }

        /// <summary><c>grpc</c> (default, port 4317) or <c>http/protobuf</c> (port 4318).</summary>
        public string? Protocol { get; set; }
    }
}

internal static class ObservabilitySetup
{
    /// <summary>Standard variable of the OpenTelemetry SDKs; used when <c>OpenTelemetry:Otlp:Endpoint</c> is empty.</summary>
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Standard variable for the protocol; used when <c>OpenTelemetry:Otlp:Protocol</c> is empty.</summary>
    public const string StandardProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    public static WebApplicationBuilder AddPortalMetrics(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ObservabilityOptions.SectionName).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        var endpoint = options.Otlp.Endpoint;
        if (endpoint is null && string.IsNullOrWhiteSpace(builder.Configuration[StandardEndpointVariable]))
        {
            return builder;
        }

        if (endpoint is not null && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            throw new InvalidOperationException("OpenTelemetry:Otlp:Endpoint must be an absolute http or https address.");
        }

        var protocol = ParseProtocol(options.Otlp.Protocol ?? builder.Configuration[StandardProtocolVariable]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName: "apppasswords", serviceVersion: typeof(PortalMetrics).Assembly.GetName().Version?.ToString(3)))
            .WithMetrics(metrics => metrics
                .AddMeter(PortalMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter((exporter, reader) =>
                {
                    // Without an endpoint here the exporter reads the standard OTEL_EXPORTER_OTLP_* settings itself.
                    if (endpoint is not null)
                    {
                        exporter.Endpoint = SignalEndpoint(endpoint, protocol ?? OtlpExportProtocol.Grpc);
                    }

                    if (protocol is { } p)
                    {
                        exporter.Protocol = p;
                    }

                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = Math.Max(100, options.MetricExportIntervalMilliseconds);
                }));
        return builder;
    }

    /// <summary>
    /// The configured endpoint is a base address like the standard variable; over http/protobuf the exporter posts to
    /// exactly the address it is given, so the signal path <c>v1/metrics</c> is added here.
    /// </summary>
    internal static Uri SignalEndpoint(Uri endpoint, OtlpExportProtocol protocol) =>
        protocol == OtlpExportProtocol.HttpProtobuf && !endpoint.AbsolutePath.EndsWith("/v1/metrics", StringComparison.Ordinal)
            ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/v1/metrics")
            : endpoint;

    private static OtlpExportProtocol? ParseProtocol(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : string.Equals(value.Trim(), "grpc", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.Grpc
        : string.Equals(value.Trim(), "http/protobuf", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.HttpProtobuf
        : throw new InvalidOperationException($"OpenTelemetry:Otlp:Protocol must be grpc or http/protobuf, not '{value}'.");
}
