using System.Buffers.Binary;
using System.Security.Cryptography;
using AppPasswords.Core.Auth;
using AppPasswords.Core.Common;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Account;

/// <summary>
/// The app's own password hashing (the harness otherwise swaps in a cheap hasher for test users): the production
/// configuration stores PBKDF2 hashes of at least 210,000 iterations, a weaker configuration is refused at start-up,
/// and a sign-in rehashes a password stored with fewer iterations than configured.
/// </summary>
public class PasswordHashingTests
{
    private const string Password = "Blue-Kettle-Orbit-42";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateUser_ProductionConfiguration_StoresHashOfAtLeastAsvsIterations()
    {
        await using var host = new PortalHost().WithProductionPasswordHashing();
        var user = await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();
        await host.SignInAsync(client, "alice", Password);

        Assert.True(host.Services.GetRequiredService<LocalPasswordHasher>().Iterations >= LocalPasswordHasher.MinimumIterations);
        Assert.True(IterationsOf(await StoredHashAsync(host, user.Id)) >= 210_000);
    }

    [Fact]
    public async Task CreateUser_HarnessHost_StoresHashWithTheHarnessIterations()
    {
        // The cheap hash is the harness's own choice, made in code; the production hasher refuses it.
        await using var host = new PortalHost();
        var user = await host.CreateUserAsync("alice", Password);
        var stored = await StoredHashAsync(host, user.Id);

        Assert.Equal(PortalHost.TestPasswordHashIterations, IterationsOf(stored));
        Assert.Equal(PasswordVerification.Failed, new LocalPasswordHasher(new CryptoRandom()).Verify(stored, Password));
    }

    [Theory]
    [InlineData("209999")]
    [InlineData("1000")]
    [InlineData("0")]
    [InlineData("-1")]
    public async Task Startup_IterationsBelowAsvs_IsRefused(string iterations)
    {
        await using var host = new PortalHost().With("Authentication:PasswordHashing:Iterations", iterations);

        var error = Assert.ThrowsAny<Exception>(() => host.Start());

        Assert.Contains("Authentication:PasswordHashing:Iterations must be at least 210000", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_HashWithFewerIterationsThanConfigured_IsRehashedWithTheConfiguredCount()
    {
        await using var host = new PortalHost().With("Authentication:PasswordHashing:Iterations", "220000");
        var user = await host.CreateUserAsync("alice", Password);
        Assert.Equal(220_000, IterationsOf(await StoredHashAsync(host, user.Id)));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>();
            var credential = await db.Set<LocalCredential>().SingleAsync(c => c.UserId == user.Id, Ct);
            credential.PasswordHash = new LocalPasswordHasher(new CryptoRandom(), 210_000).Hash(Password);
            await db.SaveChangesAsync(Ct);
        }

        using var client = host.CreateCookieClient();
        await host.SignInAsync(client, "alice", Password);

        Assert.Equal(220_000, IterationsOf(await StoredHashAsync(host, user.Id)));
    }

    private static async Task<string> StoredHashAsync(PortalHost host, Guid userId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>();
        return (await db.Set<LocalCredential>().AsNoTracking().SingleAsync(c => c.UserId == userId, Ct)).PasswordHash;
    }

    /// <summary>The iteration count stored in a version-1 hash (version byte, then uint32 big endian).</summary>
    private static int IterationsOf(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        return (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4));
    }

    private static string Flatten(Exception error)
    {
        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(Flatten));
            }
        }

        return string.Join('\n', messages);
    }

    private sealed class CryptoRandom : IRandomSource
    {
        public void Fill(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

        public int NextInt32(int toExclusive) => RandomNumberGenerator.GetInt32(toExclusive);
    }
}
