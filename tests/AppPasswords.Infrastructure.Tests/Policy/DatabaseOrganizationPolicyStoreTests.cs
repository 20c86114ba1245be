using AppPasswords.Core.Policy;
using AppPasswords.Infrastructure.Policy;
using AppPasswords.Infrastructure.Tests.Support;
using Microsoft.Extensions.Caching.Memory;

namespace AppPasswords.Infrastructure.Tests.Policy;

public class DatabaseOrganizationPolicyStoreTests
{
    [Fact]
    public async Task GetAsync_NothingSaved_ReturnsDefaults()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        using var cache = new MemoryCache(new MemoryCacheOptions());
        await using var db = database.CreateContext();

        var policy = await new DatabaseOrganizationPolicyStore(db, cache).GetAsync(TestContext.Current.CancellationToken);

        Assert.True(policy.AppPasswordsEnabled);
        Assert.Equal(["imap", "pop3", "smtp"], policy.AllowedProtocolList);
    }

    [Fact]
    public async Task SaveAsync_AfterCachedRead_NextReadSeesChangeAndItIsPersisted()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        using var cache = new MemoryCache(new MemoryCacheOptions());
        await using (var db = database.CreateContext())
        {
            var store = new DatabaseOrganizationPolicyStore(db, cache);
            var cached = await store.GetAsync(TestContext.Current.CancellationToken);
            var changed = cached.Copy();
            changed.AppPasswordsEnabled = false;
            changed.MaxActivePerUser = 2;
            await store.SaveAsync(changed, TestContext.Current.CancellationToken);
            Assert.True(cached.AppPasswordsEnabled);
        }

        await using (var db = database.CreateContext())
        {
            var read = await new DatabaseOrganizationPolicyStore(db, cache).GetAsync(TestContext.Current.CancellationToken);
            Assert.False(read.AppPasswordsEnabled);
        }

        using var freshCache = new MemoryCache(new MemoryCacheOptions());
        await using (var db = database.CreateContext())
        {
            var stored = await new DatabaseOrganizationPolicyStore(db, freshCache).GetAsync(TestContext.Current.CancellationToken);
            Assert.False(stored.AppPasswordsEnabled);
            Assert.Equal(2, stored.MaxActivePerUser);
        }
    }
}
