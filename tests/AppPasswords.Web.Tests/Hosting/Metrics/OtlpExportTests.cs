using System.Net;
using System.Text;
using System.Threading.Channels;
using AppPasswords.Testing;
using AppPasswords.Web.Tests.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace AppPasswords.Web.Tests.Hosting.Metrics;

public class OtlpExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_HttpProtobufEndpointConfigured_PostsPortalMetricsWithoutSecrets()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var host = new PortalHost()
            .With("OpenTelemetry:Otlp:Endpoint", collector.BaseAddress.ToString())
            .With("OpenTelemetry:Otlp:Protocol", "http/protobuf")
            .With("OpenTelemetry:MetricExportIntervalMilliseconds", "200");
        using var client = host.CreateRawClient();
        var frank = await host.AddUserAsync("frank");
        var key = (await host.AddServiceKeyAsync()).Key;
        var password = (await host.IssueAsync(frank.Id)).Password!;
        using var verified = await client.VerifyAsync(key, new { user = "frank@contoso.example", password, protocol = "imap" });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);

        var export = await collector.WaitForAsync(r => r.Contains("apppasswords.verifications") && r.Contains("apppasswords.verification.duration"))
            .WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal("/v1/metrics", export.Path);
        Assert.Equal("application/x-protobuf", export.ContentType);
        foreach (var secret in new[] { password, key, "frank", frank.Id.ToString() })
        {
            Assert.False(export.Contains(secret), $"'{secret}' appears in the exported metrics");
        }
    }

    [Fact]
    public async Task Metrics_NoEndpointConfigured_NothingRegistered()
    {
        await using var host = new PortalHost();
        host.Start();

        Assert.Null(host.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task Metrics_StandardEndpointVariable_ExporterRegistered()
    {
        await using var host = new PortalHost().With("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9");
        host.Start();

        Assert.NotNull(host.Services.GetService<MeterProvider>());
    }

    [Theory]
    [InlineData("OpenTelemetry:Otlp:Protocol", "http/json")]
    [InlineData("OpenTelemetry:Otlp:Endpoint", "collector:4318")]
    [InlineData("OpenTelemetry:Otlp:Endpoint", "file:///etc/passwd")]
    public async Task Metrics_InvalidSetting_StartFails(string setting, string value)
    {
        await using var host = new PortalHost().With("OpenTelemetry:Otlp:Endpoint", "http://127.0.0.1:9").With(setting, value);

        var error = Record.Exception(() => host.Start());

        Assert.NotNull(error);
    }

    /// <summary>A loopback HTTP server that takes OTLP/HTTP exports and keeps each request.</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly Channel<Export> received = Channel.CreateUnbounded<Export>();

        private OtlpCollector(WebApplication app) => this.app = app;

        public Uri BaseAddress => new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

        public static async Task<OtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var collector = new OtlpCollector(app);
            app.Run(async http =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body, http.RequestAborted);
                await collector.received.Writer.WriteAsync(new Export(http.Request.Path, http.Request.ContentType, body.ToArray()), http.RequestAborted);
                http.Response.StatusCode = StatusCodes.Status200OK;
                http.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync(Ct);
            return collector;
        }

        /// <summary>The first export (received before or after the call) that satisfies <paramref name="match"/>.</summary>
        public async Task<Export> WaitForAsync(Func<Export, bool> match)
        {
            await foreach (var export in received.Reader.ReadAllAsync(Ct))
            {
                if (match(export))
                {
                    return export;
                }
            }

            throw new InvalidOperationException("The collector stopped.");
        }

        public async ValueTask DisposeAsync()
        {
            received.Writer.TryComplete();
            await app.DisposeAsync();
        }
    }

    private sealed record Export(string Path, string? ContentType, byte[] Body)
    {
        /// <summary>Names and string attributes are plain UTF-8 inside the protobuf message.</summary>
        public bool Contains(string text) => Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
    }
}
