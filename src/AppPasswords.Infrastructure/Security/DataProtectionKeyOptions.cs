using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace AppPasswords.Infrastructure.Security;

/// <summary>
/// Configuration section <c>DataProtection</c>: the X.509 certificate that encrypts the Data Protection key ring at
/// rest in the database, older certificates still accepted for decryption, and the explicit opt-out.
/// </summary>
public sealed class DataProtectionKeyOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>Encrypts new keys and decrypts existing ones.</summary>
    public DataProtectionCertificateOptions? Certificate { get; set; }

    /// <summary>Certificates that encrypted older keys: only used to decrypt them (certificate rotation).</summary>
    public List<DataProtectionCertificateOptions> PreviousCertificates { get; set; } = [];

    /// <summary>Outside Development, start without a certificate and keep the keys unencrypted in the database.</summary>
    public bool AllowUnencryptedKeys { get; set; }

    /// <summary>Whether <c>DataProtection:Certificate</c> names a file or a thumbprint.</summary>
    public bool HasCertificate => Certificate is { IsConfigured: true };

    /// <summary>The section as configured (defaults when absent).</summary>
    public static DataProtectionKeyOptions FromConfiguration(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<DataProtectionKeyOptions>() ?? new DataProtectionKeyOptions();
}

/// <summary>A certificate with its private key: a PFX file (<see cref="Path"/>, <see cref="Password"/>) or one in the My store.</summary>
public sealed class DataProtectionCertificateOptions
{
    /// <summary>PFX (PKCS#12) file, relative to the content root unless absolute.</summary>
    public string? Path { get; set; }

    /// <summary>Password of the PFX file (keep it in an environment variable or secret store).</summary>
    public string? Password { get; set; }

    /// <summary>SHA-1 thumbprint of a certificate in the <c>My</c> store of <see cref="StoreLocation"/>.</summary>
    public string? Thumbprint { get; set; }

    public StoreLocation StoreLocation { get; set; } = StoreLocation.CurrentUser;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Path) || !string.IsNullOrWhiteSpace(Thumbprint);
}
