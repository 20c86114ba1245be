using System.Security.Cryptography;
using AppPasswords.Core.Mfa;
using AppPasswords.Infrastructure;
using AppPasswords.Infrastructure.Mfa;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace AppPasswords.Web.Tests.Hosting;

/// <summary>
/// The Data Protection key ring sits in the same database as what it protects. With a certificate configured, a copy
/// of that database alone (a stolen backup) does not decrypt a stored TOTP seed; with the certificate it does.
/// </summary>
public class DataProtectionKeyEncryptionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DatabaseCopy_WithoutTheCertificate_CannotDecryptTheTotpSeed_WithTheCertificateCan()
    {
        var folder = Directory.CreateTempSubdirectory("apppasswords-dp-copy-").FullName;
        try
        {
            using var certificate = TestCertificates.Create("AppPasswords key ring test");
            var pfx = TestCertificates.Write(certificate, folder, "keyring.pfx");
            var copy = Path.Combine(folder, "copy.db");
            string totpKey;
            await using (var host = new PortalHost()
                .With(PortalHost.DataProtectionCertificatePathKey, pfx.Path)
                .With(PortalHost.DataProtectionCertificatePasswordKey, pfx.Password))
            {
                var user = await host.CreateUserAsync("alice", "Correct-Horse-42");
                totpKey = await host.CompleteMfaRegistrationAsync(user);
                Copy(host.DatabasePath, copy);
            }

            var (keyXml, protectedSeed) = await ReadAsync(copy);
            Assert.Contains("encryptedSecret", keyXml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", keyXml, StringComparison.Ordinal);

            await using (var withoutCertificate = Stack(copy, folder))
            {
                var seeds = new DataProtectionTotpSeedProtector(withoutCertificate.GetRequiredService<IDataProtectionProvider>());
                Assert.ThrowsAny<CryptographicException>(() => seeds.Unprotect(protectedSeed));
            }

            await using (var withCertificate = Stack(copy, folder, ("DataProtection:Certificate:Path", pfx.Path), ("DataProtection:Certificate:Password", pfx.Password)))
            {
                var seeds = new DataProtectionTotpSeedProtector(withCertificate.GetRequiredService<IDataProtectionProvider>());
                Assert.Equal(Base32Encoding.ToBytes(totpKey), seeds.Unprotect(protectedSeed));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task KeysEncryptedWithAPreviousCertificate_AreReadAfterRotation()
    {
        var folder = Directory.CreateTempSubdirectory("apppasswords-dp-rotate-").FullName;
        try
        {
            using var oldCertificate = TestCertificates.Create("AppPasswords old key ring certificate");
            using var newCertificate = TestCertificates.Create("AppPasswords new key ring certificate");
            var oldPfx = TestCertificates.Write(oldCertificate, folder, "old.pfx");
            var newPfx = TestCertificates.Write(newCertificate, folder, "new.pfx");
            var database = Path.Combine(folder, "rotate.db");
            byte[] protectedPayload;
            await using (var before = Stack(database, folder, ("DataProtection:Certificate:Path", oldPfx.Path), ("DataProtection:Certificate:Password", oldPfx.Password)))
            {
                await before.MigrateDatabaseAsync(Ct);
                protectedPayload = before.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect([1, 2, 3]);
            }

            await using (var newOnly = Stack(database, folder, ("DataProtection:Certificate:Path", newPfx.Path), ("DataProtection:Certificate:Password", newPfx.Password)))
            {
                Assert.ThrowsAny<CryptographicException>(() => newOnly.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedPayload));
            }

            await using (var rotated = Stack(
                database,
                folder,
                ("DataProtection:Certificate:Path", newPfx.Path),
                ("DataProtection:Certificate:Password", newPfx.Password),
                ("DataProtection:PreviousCertificates:0:Path", oldPfx.Path),
                ("DataProtection:PreviousCertificates:0:Password", oldPfx.Password)))
            {
                Assert.Equal([1, 2, 3], rotated.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedPayload));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A consistent copy of the live SQLite file (WAL included), as a backup would take it.</summary>
    private static void Copy(string source, string target)
    {
        using var from = new SqliteConnection($"Data Source={source};Pooling=False");
        using var to = new SqliteConnection($"Data Source={target};Pooling=False");
        from.Open();
        to.Open();
        from.BackupDatabase(to);
    }

    private static async Task<(string KeyXml, string ProtectedSeed)> ReadAsync(string database)
    {
        await using var services = Stack(database, Path.GetDirectoryName(database)!);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>();
        var keys = await db.Set<DataProtectionKey>().AsNoTracking().ToListAsync(Ct);
        var seed = await db.Set<MfaMethod>().AsNoTracking().Where(m => m.ProtectedSeed != null).Select(m => m.ProtectedSeed!).SingleAsync(Ct);
        return (string.Join('\n', keys.Select(k => k.Xml)), seed);
    }

    /// <summary>A fresh Data Protection stack as the portal registers it, over <paramref name="database"/> only.</summary>
    private static ServiceProvider Stack(string database, string contentRoot, params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Sqlite"] = $"Data Source={database};Pooling=False" })
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddInfrastructure(configuration, contentRoot)
            .BuildServiceProvider();
    }
}
