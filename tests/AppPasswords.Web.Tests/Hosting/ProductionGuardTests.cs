using AppPasswords.Testing;
using AppPasswords.Web.Tests.Support;
using Serilog.Events;

namespace AppPasswords.Web.Tests.Hosting;

/// <summary>
/// Outside Development the portal does not start on development-only defaults: no mail/SMS provider (the outbox) and no
/// Data Protection certificate, unless the explicit opt-in is set, which is then logged at every start. The harness
/// opts in to both (<see cref="PortalHost"/>); these tests take the opt-ins away.
/// </summary>
public class ProductionGuardTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Testing")]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Start_WithoutMessageProvidersOrOptIn_IsRefusedNamingTheMissingKeys(string environment)
    {
        await using var host = new PortalHost(environment).With(PortalHost.AllowDevelopmentOutboxKey, null);

        var message = StartupFailures.Flatten(Assert.ThrowsAny<Exception>(() => host.Start()));

        Assert.Contains("Smtp:Host", message, StringComparison.Ordinal);
        Assert.Contains("Sms:Provider=Twilio", message, StringComparison.Ordinal);
        Assert.Contains("Mfa:AllowDevelopmentOutbox=true", message, StringComparison.Ordinal);
        Assert.Contains(environment, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithSmtpButNoSmsProvider_IsRefusedNamingOnlySms()
    {
        await using var host = new PortalHost().With(PortalHost.AllowDevelopmentOutboxKey, null).With("Smtp:Host", "smtp.contoso.test");

        var message = StartupFailures.Flatten(Assert.ThrowsAny<Exception>(() => host.Start()));

        Assert.Contains("Sms:Provider=Twilio", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Smtp:Host", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("")]
    public async Task Start_OutboxOptInNotTrue_IsRefused(string value)
    {
        await using var host = new PortalHost().With(PortalHost.AllowDevelopmentOutboxKey, value);

        var message = StartupFailures.Flatten(Assert.ThrowsAny<Exception>(() => host.Start()));

        Assert.Contains("Mfa:AllowDevelopmentOutbox", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OutboxOptInMalformed_IsRefusedNamingTheKey()
    {
        await using var host = new PortalHost().With(PortalHost.AllowDevelopmentOutboxKey, "yes please");

        var message = StartupFailures.Flatten(Assert.ThrowsAny<Exception>(() => host.Start()));

        Assert.Contains("Mfa:AllowDevelopmentOutbox", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithOutboxOptIn_StartsAndWarnsOnce()
    {
        await using var host = new PortalHost();

        host.Start();

        var warning = Assert.Single(host.Logs.Events, e => EventId(e) == 1030);
        Assert.Equal(LogEventLevel.Warning, warning.Level);
        Assert.Contains("Sms:Provider=Twilio", warning.RenderMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InDevelopmentWithoutProvidersOrCertificate_StartsWithoutWarnings()
    {
        await using var host = new PortalHost("Development")
            .With(PortalHost.AllowDevelopmentOutboxKey, null)
            .With(PortalHost.DataProtectionCertificatePathKey, null);

        host.Start();

        Assert.DoesNotContain(host.Logs.Events, e => EventId(e) is 1030 or 1031);
    }

    [Theory]
    [InlineData("Testing")]
    [InlineData("Production")]
    public async Task Start_WithoutDataProtectionCertificateOrOptOut_IsRefused(string environment)
    {
        await using var host = new PortalHost(environment).With(PortalHost.DataProtectionCertificatePathKey, null);

        var message = StartupFailures.Flatten(Assert.ThrowsAny<Exception>(() => host.Start()));

        Assert.Contains("DataProtection:Certificate:Path", message, StringComparison.Ordinal);
        Assert.Contains("DataProtection:Certificate:Thumbprint", message, StringComparison.Ordinal);
        Assert.Contains("DataProtection:AllowUnencryptedKeys=true", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithUnencryptedKeysOptOut_StartsAndWarns()
    {
        await using var host = new PortalHost()
            .With(PortalHost.DataProtectionCertificatePathKey, null)
            .With("DataProtection:AllowUnencryptedKeys", "true");

        host.Start();

        var warning = Assert.Single(host.Logs.Events, e => EventId(e) == 1031);
        Assert.Equal(LogEventLevel.Warning, warning.Level);
    }

    [Fact]
    public async Task Start_WithCertificate_DoesNotWarnAboutKeys()
    {
        await using var host = new PortalHost();

        host.Start();

        Assert.DoesNotContain(host.Logs.Events, e => EventId(e) == 1031);
    }

    [Fact]
    public async Task Start_CertificateFileMissing_IsRefusedNamingTheKeyAndPath()
    {
        await using var host = new PortalHost();
        var missing = Path.Combine(host.DataDirectory, "missing.pfx");
        host.With(PortalHost.DataProtectionCertificatePathKey, missing);

        var message = StartupFailures.Flatten(Assert.ThrowsAny<Exception>(() => host.Start()));

        Assert.Contains("DataProtection:Certificate:Path", message, StringComparison.Ordinal);
        Assert.Contains(missing, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CertificatePasswordWrong_IsRefusedWithoutShowingThePassword()
    {
        const string wrong = "not-the-password-42";
        await using var host = new PortalHost().With(PortalHost.DataProtectionCertificatePasswordKey, wrong);

        var message = StartupFailures.Flatten(Assert.ThrowsAny<Exception>(() => host.Start()));

        Assert.Contains("DataProtection:Certificate:Password", message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestCertificates.Shared.Password, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CertificateFileNotAPfx_IsRefused()
    {
        await using var host = new PortalHost();
        var garbage = Path.Combine(host.DataDirectory, "garbage.pfx");
        await File.WriteAllTextAsync(garbage, "-----BEGIN NOT A CERTIFICATE-----\n\0\0\0", Ct);
        host.With(PortalHost.DataProtectionCertificatePathKey, garbage);

        var message = StartupFailures.Flatten(Assert.ThrowsAny<Exception>(() => host.Start()));

        Assert.Contains("DataProtection:Certificate:Path", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CertificateWithoutPrivateKey_IsRefused()
    {
        await using var host = new PortalHost();
        using var certificate = TestCertificates.Create("public only");
        var path = Path.Combine(host.DataDirectory, "public.cer");
        await File.WriteAllBytesAsync(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Cert), Ct);
        host.With(PortalHost.DataProtectionCertificatePathKey, path);

        var message = StartupFailures.Flatten(Assert.ThrowsAny<Exception>(() => host.Start()));

        Assert.Contains("DataProtection:Certificate", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-thumbprint", "is not a SHA-1 thumbprint")]
    [InlineData("00112233445566778899AABBCCDDEEFF00112233", "no certificate 00112233445566778899AABBCCDDEEFF00112233")]
    public async Task Start_CertificateThumbprintInvalidOrAbsent_IsRefused(string thumbprint, string expected)
    {
        await using var host = new PortalHost()
            .With(PortalHost.DataProtectionCertificatePathKey, null)
            .With("DataProtection:Certificate:Thumbprint", thumbprint);

        var message = StartupFailures.Flatten(Assert.ThrowsAny<Exception>(() => host.Start()));

        Assert.Contains("DataProtection:Certificate:Thumbprint", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CertificatePathAndThumbprintBoth_IsRefused()
    {
        await using var host = new PortalHost().With("DataProtection:Certificate:Thumbprint", TestCertificates.Shared.Thumbprint);

        var message = StartupFailures.Flatten(Assert.ThrowsAny<Exception>(() => host.Start()));

        Assert.Contains("DataProtection:Certificate: set either Path", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PreviousCertificatesWithoutCurrent_IsRefused()
    {
        await using var host = new PortalHost()
            .With(PortalHost.DataProtectionCertificatePathKey, null)
            .With("DataProtection:AllowUnencryptedKeys", "true")
            .With("DataProtection:PreviousCertificates:0:Path", TestCertificates.Shared.Path)
            .With("DataProtection:PreviousCertificates:0:Password", TestCertificates.Shared.Password);

        var message = StartupFailures.Flatten(Assert.ThrowsAny<Exception>(() => host.Start()));

        Assert.Contains("DataProtection:PreviousCertificates", message, StringComparison.Ordinal);
    }

    private static int? EventId(LogEvent e) =>
        e.Properties.TryGetValue("EventId", out var value) && value is StructureValue s
            && s.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int id }
            ? id
            : null;
}
