using System.Globalization;
using AppPasswords.Web.Auth;
using Serilog;
using Serilog.Context;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace AppPasswords.Web.Hosting;

internal static class LoggingSetup
{
    /// <summary>Configuration key choosing the console format: <c>text</c> (default) or <c>json</c> (compact JSON, one event per line).</summary>
    public const string FormatKey = "Logging:Format";

    /// <summary>
    /// Serilog from configuration (section <c>Serilog</c>), console by default, compact JSON when
    /// <c>Logging:Format=json</c>. Control characters in string values are escaped and secret-looking properties are
    /// masked before any sink sees the event.
    /// </summary>
    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // The static Log.Logger is left alone: each host (several run side by side in tests) logs through its own DI logger.
        builder.Services.AddSerilog((services, logger) =>
        {
            logger
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                .ReadFrom.Configuration(configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext();

            // Sinks configured under Serilog:WriteTo replace the default console sink.
            if (!configuration.GetSection("Serilog:WriteTo").Exists())
            {
                if (string.Equals(configuration[FormatKey], "json", StringComparison.OrdinalIgnoreCase))
                {
                    logger.WriteTo.Console(new RenderedCompactJsonFormatter());
                }
                else
                {
                    logger.WriteTo.Console(
                        outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}",
                        formatProvider: CultureInfo.InvariantCulture);
                }
            }

            // Last enrichers: run after every other one, so nothing they escape or mask can be re-added.
            logger.Enrich.With<ControlCharacterEscapingEnricher>();
            logger.Enrich.With<SecretRedactingEnricher>();
        }, preserveStaticLogger: true);
        return builder;
    }

    /// <summary>
    /// One summary event per request (method, path without query string, status, elapsed) enriched with the
    /// request id, trace id and the portal user id. Headers, query strings, forms and bodies are never logged.
    /// </summary>
    public static WebApplication UsePortalRequestLogging(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<Serilog.ILogger>();
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = logger;
            o.IncludeQueryInRequestPath = false;
            o.GetLevel = (http, _, exception) =>
                exception is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error
                : http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) ? LogEventLevel.Debug
                : LogEventLevel.Information;
            o.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                diagnostics.Set("RequestId", http.TraceIdentifier);
                diagnostics.Set("TraceId", System.Diagnostics.Activity.Current?.TraceId.ToString());
                var userId = http.User.FindFirst(PortalClaimTypes.UserId)?.Value;
                if (userId is not null)
                {
                    diagnostics.Set("UserId", userId);
                }
            };
        });
        return app;
    }

    /// <summary>Adds <c>UserId</c> to every event logged while a signed-in user's request runs; call after authentication.</summary>
    public static IApplicationBuilder UseUserIdLogContext(this IApplicationBuilder app)
    {
        app.Use(async (http, next) =>
        {
            var userId = http.User.FindFirst(PortalClaimTypes.UserId)?.Value;
            if (userId is null)
            {
                await next(http);
                return;
            }

            using (LogContext.PushProperty("UserId", userId))
            {
                await next(http);
            }
        });
        return app;
    }
}
