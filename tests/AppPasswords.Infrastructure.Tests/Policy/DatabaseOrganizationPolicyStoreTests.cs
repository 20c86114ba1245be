using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Policy;
using AppPasswords.Infrastructure.Policy;
using AppPasswords.Infrastructure.Tests.Support;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.Tests.Policy;

public class DatabaseOrganizationPolicyStoreTests
{
    private static readonly IOptionsMonitor<AppPasswordPolicyOptions> Defaults =
        new StaticOptionsMonitor<AppPasswordPolicyOptions>(new AppPasswordPolicyOptions { MaxActivePerUser = 7, MaxLifetimeDays = 30, AllowedProtocols = AppPasswordProtocols.Imap });

    private static readonly IOptionsMonitor<MfaOptions> MfaDefaults = new StaticOptionsMonitor<MfaOptions>(new MfaOptions { AllowSkipDays = 3 });

    [Fact]
    public async Task GetAsync_NothingSaved_ReturnsConfigurationValues()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        using var cache = new MemoryCache(new MemoryCacheOptions());
        await using var db = database.CreateContext();

        var policy = await new DatabaseOrganizationPolicyStore(db, cache, Defaults, MfaDefaults).GetAsync(TestContext.Current.CancellationToken);

        Assert.True(policy.AppPasswordsEnabled);
        Assert.Equal(7, policy.MaxActivePerUser);
        Assert.Equal(30, policy.MaxLifetimeDays);
        Assert.Equal(AppPasswordProtocols.Imap, policy.AllowedProtocols);
        Assert.True(policy.AllowSkipMfaSetup);
        Assert.Equal(3, policy.SkipMfaSetupDays);
    }

    [Fact]
    public async Task SaveAsync_AfterCachedRead_NextReadSeesChangeAndItIsPersisted()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        using var cache = new MemoryCache(new MemoryCacheOptions());
        await using (var db = database.CreateContext())
        {
            var store = new DatabaseOrganizationPolicyStore(db, cache, Defaults, MfaDefaults);
            var cached = await store.GetAsync(TestContext.Current.CancellationToken);
            var changed = cached.Copy();
            changed.AppPasswordsEnabled = false;
            changed.MaxActivePerUser = 2;
            await store.SaveAsync(changed, TestContext.Current.CancellationToken);
            Assert.True(cached.AppPasswordsEnabled);
        }

        await using (var db = database.CreateContext())
        {
            var read = await new DatabaseOrganizationPolicyStore(db, cache, Defaults, MfaDefaults).GetAsync(TestContext.Current.CancellationToken);
            Assert.False(read.AppPasswordsEnabled);
        }

        using var freshCache = new MemoryCache(new MemoryCacheOptions());
        await using (var db = database.CreateContext())
        {
            var stored = await new DatabaseOrganizationPolicyStore(db, freshCache, Defaults, MfaDefaults).GetAsync(TestContext.Current.CancellationToken);
            Assert.False(stored.AppPasswordsEnabled);
            Assert.Equal(2, stored.MaxActivePerUser);
        }
    }

    private sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
