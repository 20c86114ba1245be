using System.Security.Cryptography;
using AppPasswords.Core.Security;
using AppPasswords.Core.ServiceKeys;
using AppPasswords.Core.Tests.AppPasswords;
using AppPasswords.Core.Tests.Security;
using Microsoft.Extensions.Time.Testing;

namespace AppPasswords.Core.Tests.ServiceKeys;

public class ServiceKeyAuthenticationCacheTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private readonly CountingServiceKeyStore store = new();
    private readonly AppPasswordHasher hasher = new(new HashKeyRing([new HashKey("k1", RandomNumberGenerator.GetBytes(32))], "k1"));
    private readonly ServiceKeyAuthenticationCache cache;
    private readonly AuthenticateServiceKeyQuery authenticate;
    private readonly RevokeServiceKeyCommand revoke;

    public ServiceKeyAuthenticationCacheTests()
    {
        cache = new ServiceKeyAuthenticationCache(clock);
        authenticate = new AuthenticateServiceKeyQuery(store, hasher, cache, clock);
        revoke = new RevokeServiceKeyCommand(store, cache, new RecordingAuditLog(), clock);
    }

    private async Task<CreatedServiceKey> CreateAsync() =>
        await new CreateServiceKeyCommand(store, new CryptoRandom(), hasher, new RecordingAuditLog(), clock).CreateAsync("dovecot", null, TestContext.Current.CancellationToken);

    private Task<Guid?> AuthenticateAsync(string? key) => authenticate.AuthenticateAsync(key, TestContext.Current.CancellationToken);

    [Fact]
    public async Task AuthenticateAsync_RepeatedWithinTimeToLive_ReadsTheStoreOnce()
    {
        var created = await CreateAsync();

        Assert.Equal(created.ServiceKey.Id, await AuthenticateAsync(created.Key));
        clock.Advance(ServiceKeyAuthenticationCache.TimeToLive - TimeSpan.FromMilliseconds(1));
        Assert.Equal(created.ServiceKey.Id, await AuthenticateAsync(created.Key));
        Assert.Equal(1, store.Lookups);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(created.ServiceKey.Id, await AuthenticateAsync(created.Key));
        Assert.Equal(2, store.Lookups);
    }

    [Fact]
    public async Task AuthenticateAsync_AfterRevokeInThisProcess_RejectsAtOnce()
    {
        var created = await CreateAsync();
        Assert.NotNull(await AuthenticateAsync(created.Key));

        Assert.True(await revoke.RevokeAsync(created.ServiceKey.Id, null, TestContext.Current.CancellationToken));

        Assert.Null(await AuthenticateAsync(created.Key));
    }

    [Fact]
    public async Task AuthenticateAsync_RevokedByAnotherProcess_AcceptedAtMostForTheTimeToLive()
    {
        var created = await CreateAsync();
        Assert.NotNull(await AuthenticateAsync(created.Key));

        created.ServiceKey.RevokedAt = clock.GetUtcNow();

        Assert.NotNull(await AuthenticateAsync(created.Key));
        clock.Advance(ServiceKeyAuthenticationCache.TimeToLive);
        Assert.Null(await AuthenticateAsync(created.Key));
    }

    [Fact]
    public async Task AuthenticateAsync_WrongSecretForACachedPrefix_IsNotServedFromTheCache()
    {
        var created = await CreateAsync();
        Assert.NotNull(await AuthenticateAsync(created.Key));
        var last = created.Key[^1] == 'A' ? 'B' : 'A';

        Assert.Null(await AuthenticateAsync(created.Key[..^1] + last));
        Assert.Null(await AuthenticateAsync(created.Key[..^1] + last));
        Assert.Equal(3, store.Lookups);
    }

    [Fact]
    public void Add_WhenARevocationRanDuringTheLookup_DoesNotStoreTheEntry()
    {
        var fingerprint = ServiceKeyAuthenticationCache.Fingerprint("apsk_key");
        var id = Guid.NewGuid();
        var before = cache.Generation;

        cache.Evict(Guid.NewGuid());
        cache.Add(fingerprint, id, before);

        Assert.False(cache.TryGet(fingerprint, out _));
        cache.Add(fingerprint, id, cache.Generation);
        Assert.True(cache.TryGet(fingerprint, out var cached));
        Assert.Equal(id, cached);
    }

    [Fact]
    public void Fingerprint_IsStablePerKeyAndDiffersBetweenKeys()
    {
        Assert.NotEqual(ServiceKeyAuthenticationCache.Fingerprint("apsk_a"), ServiceKeyAuthenticationCache.Fingerprint("apsk_b"));
        Assert.Equal(ServiceKeyAuthenticationCache.Fingerprint("apsk_a"), ServiceKeyAuthenticationCache.Fingerprint("apsk_a"));
    }

    private sealed class CountingServiceKeyStore : IServiceKeyStore
    {
        private readonly List<ServiceKey> rows = [];

        public int Lookups { get; private set; }

        public Task AddAsync(ServiceKey serviceKey, CancellationToken cancellationToken = default)
        {
            rows.Add(serviceKey);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<ServiceKey>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<ServiceKey>>(rows);

        public Task<ServiceKey?> FindByPrefixAsync(string prefix, CancellationToken cancellationToken = default)
        {
            Lookups++;
            return Task.FromResult(rows.FirstOrDefault(k => k.Prefix == prefix));
        }

        public Task<bool> RevokeAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            var row = rows.FirstOrDefault(k => k.Id == id && k.RevokedAt is null);
            if (row is not null)
            {
                row.RevokedAt = now;
            }

            return Task.FromResult(row is not null);
        }

        public Task RecordUseAsync(Guid id, DateTimeOffset now, DateTimeOffset notUsedSince, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
