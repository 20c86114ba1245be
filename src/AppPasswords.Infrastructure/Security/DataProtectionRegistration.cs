using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Infrastructure.Security;

/// <summary>
/// The Data Protection key ring (cookies, antiforgery, TOTP seeds) in the database, encrypted at rest with the
/// certificate of <c>DataProtection:Certificate</c> when one is configured: a copy of the database alone then
/// cannot decrypt anything. Whether one is required is the host's decision (outside Development it is).
/// </summary>
internal static class DataProtectionRegistration
{
    public static IServiceCollection AddPortalDataProtection(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        var builder = services.AddDataProtection()
            .SetApplicationName("AppPasswords")
            .PersistKeysToDbContext<AppPasswordsDbContext>();
        var options = DataProtectionKeyOptions.FromConfiguration(configuration);
        const string current = DataProtectionKeyOptions.SectionName + ":" + nameof(DataProtectionKeyOptions.Certificate);
        if (!options.HasCertificate)
        {
            if (options.PreviousCertificates.Count > 0)
            {
                throw new InvalidOperationException(
                    $"{DataProtectionKeyOptions.SectionName}:{nameof(DataProtectionKeyOptions.PreviousCertificates)} is set but {current} is not: configure the certificate that encrypts new keys.");
            }

            return services;
        }

        builder.ProtectKeysWithCertificate(Load(options.Certificate!, current, contentRootPath));
        var previous = options.PreviousCertificates
            .Select((c, i) => Load(c, $"{DataProtectionKeyOptions.SectionName}:{nameof(DataProtectionKeyOptions.PreviousCertificates)}:{i}", contentRootPath))
            .ToArray();
        if (previous.Length > 0)
        {
            builder.UnprotectKeysWithAnyCertificate(previous);
        }

        return services;
    }

    /// <summary>Loads the certificate or stops start-up with a message naming the setting (never the password).</summary>
    internal static X509Certificate2 Load(DataProtectionCertificateOptions options, string key, string contentRootPath)
    {
        var hasPath = !string.IsNullOrWhiteSpace(options.Path);
        var hasThumbprint = !string.IsNullOrWhiteSpace(options.Thumbprint);
        if (hasPath == hasThumbprint)
        {
            throw new InvalidOperationException($"{key}: set either Path (PFX file) or Thumbprint (certificate store), not {(hasPath ? "both" : "neither")}.");
        }

        var certificate = hasPath ? FromFile(options, key, contentRootPath) : FromStore(options, key);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{key}: certificate {certificate.Thumbprint} has no private key; Data Protection needs it to decrypt the key ring.");
        }

        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is null)
        {
            throw new InvalidOperationException($"{key}: certificate {certificate.Thumbprint} is not an RSA certificate; Data Protection encrypts keys with RSA.");
        }

        return certificate;
    }

    private static X509Certificate2 FromFile(DataProtectionCertificateOptions options, string key, string contentRootPath)
    {
        var path = Path.GetFullPath(Path.Combine(contentRootPath, options.Path!));
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{key}:Path: the file '{path}' does not exist.");
        }

        try
        {
            // EphemeralKeySet keeps the private key in memory only (no key file written under the user's profile);
            // macOS does not support it.
            var flags = OperatingSystem.IsMacOS() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet;
            return X509CertificateLoader.LoadPkcs12FromFile(path, options.Password, flags);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{key}:Path: '{path}' could not be read as a PFX file with the configured {key}:Password ({e.Message}).", e);
        }
    }

    private static X509Certificate2 FromStore(DataProtectionCertificateOptions options, string key)
    {
        // Thumbprints copied from certificate viewers carry spaces and invisible direction marks.
        var thumbprint = string.Concat(options.Thumbprint!.Where(char.IsAsciiHexDigit)).ToUpperInvariant();
        if (thumbprint.Length != 40)
        {
            throw new InvalidOperationException($"{key}:Thumbprint: '{options.Thumbprint}' is not a SHA-1 thumbprint (40 hexadecimal digits).");
        }

        using var store = new X509Store(StoreName.My, options.StoreLocation);
        try
        {
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{key}:Thumbprint: no certificate {thumbprint} in the My store of {options.StoreLocation} (the store cannot be opened: {e.Message}).", e);
        }

        var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
        return found.Count > 0
            ? found[0]
            : throw new InvalidOperationException($"{key}:Thumbprint: no certificate {thumbprint} in the My store of {options.StoreLocation}.");
    }
}
