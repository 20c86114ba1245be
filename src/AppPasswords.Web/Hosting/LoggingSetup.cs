using Serilog;

namespace AppPasswords.Web.Hosting;

internal static class LoggingSetup
{
    /// <summary>Serilog from configuration (section <c>Serilog</c>), console by default.</summary>
    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture));
        return builder;
    }
}
