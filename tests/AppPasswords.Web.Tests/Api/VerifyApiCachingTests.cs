using System.Net;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Policy;
using AppPasswords.Core.ServiceKeys;
using AppPasswords.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Api;

/// <summary>What the verify API's fast path may and may not remember between requests (docs/performance.md).</summary>
public class VerifyApiCachingTests
{
    [Fact]
    public async Task Verify_ServiceKeyRevokedByAnotherProcess_AcceptedAtMostForTheCacheTimeToLive()
    {
        await using var host = new PortalHost();
        var clock = host.UseFakeClock();
        using var client = host.CreateRawClient();
        var alice = await host.AddUserAsync("alice");
        var key = await host.AddServiceKeyAsync();
        var password = (await host.IssueAsync(alice.Id)).Password!;
        var body = new { user = "alice", password, protocol = "imap" };
        using (var ok = await client.VerifyAsync(key.Key, body))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // What `service-keys revoke` in another process does: the row changes, this process's cache is not told.
        await host.InScopeAsync(db => db.Set<ServiceKey>().Where(k => k.Id == key.ServiceKey.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, clock.GetUtcNow()), TestContext.Current.CancellationToken));

        using (var cached = await client.VerifyAsync(key.Key, body))
        {
            Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        }

        clock.Advance(ServiceKeyAuthenticationCache.TimeToLive);
        using var expired = await client.VerifyAsync(key.Key, body);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
    }

    [Fact]
    public async Task Verify_ServiceKeyRevokedThroughTheCommand_RejectedOnTheNextRequest()
    {
        await using var host = new PortalHost();
        host.UseFakeClock();
        using var client = host.CreateRawClient();
        var alice = await host.AddUserAsync("alice");
        var key = await host.AddServiceKeyAsync();
        var other = await host.AddServiceKeyAsync("postfix");
        var password = (await host.IssueAsync(alice.Id)).Password!;
        var body = new { user = "alice", password, protocol = "imap" };
        foreach (var k in new[] { key.Key, other.Key })
        {
            using var ok = await client.VerifyAsync(k, body);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IRevokeServiceKeyCommand>().RevokeAsync(key.ServiceKey.Id, null, TestContext.Current.CancellationToken));
        }

        using (var revoked = await client.VerifyAsync(key.Key, body))
        {
            Assert.Equal(HttpStatusCode.Forbidden, revoked.StatusCode);
        }

        using var stillValid = await client.VerifyAsync(other.Key, body);
        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
    }

    [Fact]
    public async Task Verify_PolicySwitchedOffOrUserBlocked_RejectedOnTheNextRequest()
    {
        await using var host = new PortalHost();
        host.UseFakeClock();
        using var client = host.CreateRawClient();
        var alice = await host.AddUserAsync("alice");
        var admin = await host.AddUserAsync("admin");
        var key = (await host.AddServiceKeyAsync()).Key;
        var password = (await host.IssueAsync(alice.Id)).Password!;
        var body = new { user = "alice", password, protocol = "imap" };

        async Task<HttpStatusCode> StatusAsync()
        {
            using var response = await client.VerifyAsync(key, body);
            return response.StatusCode;
        }

        async Task SetPolicyAsync(bool enabled)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<IUpdateOrganizationPolicyCommand>().ExecuteAsync(
                admin.Id, new OrganizationPolicyChange(enabled, 40, null, AppPasswordProtocols.All, false, 0), TestContext.Current.CancellationToken);
            Assert.Equal(OrganizationPolicyUpdateResult.Saved, result);
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync());
        await SetPolicyAsync(enabled: false);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync());
        await SetPolicyAsync(enabled: true);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync());

        await host.InScopeAsync(async db =>
        {
            db.Add(new AppPasswordUserBlock { UserId = alice.Id, BlockedAt = DateTimeOffset.UtcNow, BlockedByUserId = admin.Id });
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync());
    }

    [Fact]
    public async Task Verify_PolicySwitchedOffByAnotherInstance_RejectedOnTheNextRequest()
    {
        await using var host = new PortalHost();
        host.UseFakeClock();
        using var client = host.CreateRawClient();
        var alice = await host.AddUserAsync("alice");
        var key = (await host.AddServiceKeyAsync()).Key;
        var password = (await host.IssueAsync(alice.Id)).Password!;
        var body = new { user = "alice", password, protocol = "imap" };
        using (var ok = await client.VerifyAsync(key, body))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // Another instance's Policy page writes the row; this process's policy cache is not told (and the clock stands still).
        await host.InScopeAsync(db =>
        {
            db.Add(new OrganizationPolicy { AppPasswordsEnabled = false });
            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        using var off = await client.VerifyAsync(key, body);
        Assert.Equal(HttpStatusCode.Unauthorized, off.StatusCode);
    }
}
