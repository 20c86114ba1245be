using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AppPasswords.Testing;

/// <summary>
/// Self-signed RSA certificates made in the test (none is kept in the repository), for Data Protection key
/// encryption. <see cref="Shared"/> is one PFX per test process, used by every <see cref="PortalHost"/>.
/// </summary>
public static class TestCertificates
{
    private static readonly Lazy<PfxFile> SharedFile = new(() =>
    {
        var file = Write(Create("AppPasswords test Data Protection"), Path.GetTempPath(), $"apppasswords-test-dp-{Environment.ProcessId}-{Guid.NewGuid():N}.pfx");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(file.Path);
        return file;
    });

    /// <summary>The PFX file (and its password) that <see cref="PortalHost"/> configures as <c>DataProtection:Certificate</c>.</summary>
    public static PfxFile Shared => SharedFile.Value;

    /// <summary>A new self-signed RSA-2048 certificate with its private key, valid from yesterday for a year.</summary>
    public static X509Certificate2 Create(string subject)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        var now = TimeProvider.System.GetUtcNow();
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }

    /// <summary>Writes <paramref name="certificate"/> with its private key as a password-protected PFX file.</summary>
    public static PfxFile Write(X509Certificate2 certificate, string folder, string fileName)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return new PfxFile(path, password, certificate.Thumbprint);
    }
}

/// <summary>A PFX file on disk, its password and the certificate's thumbprint.</summary>
public sealed record PfxFile(string Path, string Password, string Thumbprint);
