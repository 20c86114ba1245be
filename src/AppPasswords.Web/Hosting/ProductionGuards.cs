using AppPasswords.Infrastructure;
using AppPasswords.Infrastructure.Security;

namespace AppPasswords.Web.Hosting;

/// <summary>
/// Outside Development the portal refuses to start with settings that only make sense on a developer's machine:
/// codes and notices stored in the development outbox instead of being sent, or the Data Protection key ring
/// unencrypted in the database. Each has an explicit opt-in, logged as a warning at every start.
/// </summary>
internal static partial class ProductionGuards
{
    public const string AllowDevelopmentOutboxKey = "Mfa:AllowDevelopmentOutbox";
    public const string AllowUnencryptedKeysKey = DataProtectionKeyOptions.SectionName + ":" + nameof(DataProtectionKeyOptions.AllowUnencryptedKeys);

    public static WebApplicationBuilder AddProductionGuards(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            return builder;
        }

        var configuration = builder.Configuration;
        var environment = builder.Environment.EnvironmentName;
        var outbox = MfaInfrastructureRegistration.DevelopmentOutboxChannels(configuration);
        if (outbox.Count > 0 && !IsTrue(configuration.GetSection(AllowDevelopmentOutboxKey)))
        {
            throw new InvalidOperationException(
                $"No provider is configured for {string.Join(" and ", outbox)}: in the {environment} environment codes and notices would be " +
                $"stored in the development outbox and never delivered. Configure the missing settings, or set {AllowDevelopmentOutboxKey}=true to accept that.");
        }

        var dataProtection = DataProtectionKeyOptions.FromConfiguration(configuration);
        if (!dataProtection.HasCertificate && !dataProtection.AllowUnencryptedKeys)
        {
            throw new InvalidOperationException(
                $"No Data Protection certificate is configured: in the {environment} environment the key ring (which decrypts sessions and TOTP seeds) " +
                "would be stored unencrypted in the database. Set DataProtection:Certificate:Path and DataProtection:Certificate:Password (a PFX file), " +
                $"or DataProtection:Certificate:Thumbprint (a certificate in the My store), or set {AllowUnencryptedKeysKey}=true to accept unencrypted keys.");
        }

        var outboxChannels = string.Join(" and ", outbox);
        var unencryptedKeys = !dataProtection.HasCertificate;
        builder.Services.AddHostedService(sp => new StartupWarnings(sp.GetRequiredService<ILogger<StartupWarnings>>(), outboxChannels, unencryptedKeys));
        return builder;
    }

    private static bool IsTrue(IConfigurationSection setting) => setting.Value switch
    {
        null or "" => false,
        var text => bool.TryParse(text, out var value) ? value : throw new InvalidOperationException($"{setting.Path} = '{text}' must be true or false."),
    };

    /// <summary>Logs the opt-ins in use once per start.</summary>
    private sealed partial class StartupWarnings(ILogger<StartupWarnings> logger, string outboxChannels, bool unencryptedKeys) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (outboxChannels.Length > 0)
            {
                LogDevelopmentOutbox(logger, AllowDevelopmentOutboxKey, outboxChannels);
            }

            if (unencryptedKeys)
            {
                LogUnencryptedKeys(logger, AllowUnencryptedKeysKey);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = 1030, Level = LogLevel.Warning,
            Message = "{Setting}=true: no provider for {Missing}; those messages are stored in the development outbox and never delivered")]
        private static partial void LogDevelopmentOutbox(ILogger logger, string setting, string missing);

        [LoggerMessage(EventId = 1031, Level = LogLevel.Warning,
            Message = "{Setting}=true: the Data Protection key ring is stored unencrypted in the database; a copy of the database can decrypt sessions and TOTP seeds")]
        private static partial void LogUnencryptedKeys(ILogger logger, string setting);
    }
}
