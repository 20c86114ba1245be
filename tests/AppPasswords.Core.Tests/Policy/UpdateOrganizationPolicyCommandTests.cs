using System.Text.Json;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Policy;
using Microsoft.Extensions.Time.Testing;

namespace AppPasswords.Core.Tests.Policy;

public class UpdateOrganizationPolicyCommandTests
{
    private static readonly Guid Admin = Guid.Parse("8b1c6f0e-3c0f-4a55-9a51-8d7f2a3f0a01");
    private readonly InMemoryPolicyStore store = new();
    private readonly RecordingAuditLog audit = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    private UpdateOrganizationPolicyCommand Command => new(store, audit, clock);

    [Fact]
    public async Task ExecuteAsync_Change_SavesAndAuditsBeforeAndAfter()
    {
        var result = await Command.ExecuteAsync(Admin, new OrganizationPolicyChange(false, 3, 90, AppPasswordProtocols.Imap | AppPasswordProtocols.Smtp, false, 0), TestContext.Current.CancellationToken);

        Assert.Equal(OrganizationPolicyUpdateResult.Saved, result);
        Assert.False(store.Current.AppPasswordsEnabled);
        Assert.Equal(AppPasswordProtocols.Imap | AppPasswordProtocols.Smtp, store.Current.AllowedProtocols);
        Assert.Equal(90, store.Current.MaxLifetimeDays);
        Assert.Equal(Admin, store.Current.UpdatedByUserId);
        Assert.Equal(clock.GetUtcNow(), store.Current.UpdatedAt);
        var entry = Assert.Single(audit.Events);
        Assert.Equal(AuditEventTypes.PolicyChanged, entry.EventType);
        Assert.Equal(Admin, entry.ActorUserId);
        using var details = JsonDocument.Parse(entry.Details!);
        Assert.True(details.RootElement.GetProperty("before").GetProperty("appPasswordsEnabled").GetBoolean());
        Assert.False(details.RootElement.GetProperty("after").GetProperty("appPasswordsEnabled").GetBoolean());
        Assert.Equal(40, details.RootElement.GetProperty("before").GetProperty("maxActivePerUser").GetInt32());
        Assert.Equal(["imap", "smtp"], details.RootElement.GetProperty("after").GetProperty("allowedProtocols").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, details.RootElement.GetProperty("after").GetProperty("maxActivePerUser").GetInt32());
    }

    [Fact]
    public async Task ExecuteAsync_SameValues_ReportsUnchangedWithoutAudit()
    {
        var result = await Command.ExecuteAsync(Admin, new OrganizationPolicyChange(true, 40, null, AppPasswordProtocols.All, true, 14), TestContext.Current.CancellationToken);

        Assert.Equal(OrganizationPolicyUpdateResult.Unchanged, result);
        Assert.Empty(audit.Events);
        Assert.Equal(0, store.Saves);
    }

    [Theory]
    [InlineData(0, 365, 14, 1)]
    [InlineData(101, 365, 14, 1)]
    [InlineData(5, 0, 14, 1)]
    [InlineData(5, 3651, 14, 1)]
    [InlineData(5, -1, 14, 1)]
    [InlineData(5, 365, -1, 1)]
    [InlineData(5, 365, 91, 1)]
    [InlineData(5, 365, 14, 0)]
    [InlineData(5, 365, 14, 32)]
    [InlineData(5, 365, 14, -1)]
    public async Task ExecuteAsync_InvalidValues_RejectedAndNothingSaved(int maxActive, int lifetime, int skipDays, int protocols)
    {
        var change = new OrganizationPolicyChange(true, maxActive, lifetime, (AppPasswordProtocols)protocols, true, skipDays);

        var result = await Command.ExecuteAsync(Admin, change, TestContext.Current.CancellationToken);

        Assert.Equal(OrganizationPolicyUpdateResult.Invalid, result);
        Assert.Equal(0, store.Saves);
        Assert.Empty(audit.Events);
    }

    private sealed class InMemoryPolicyStore : IOrganizationPolicyStore
    {
        public OrganizationPolicy Current { get; private set; } = new();

        public int Saves { get; private set; }

        public Task<OrganizationPolicy> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(Current);

        public Task SaveAsync(OrganizationPolicy policy, CancellationToken cancellationToken = default)
        {
            Current = policy.Copy();
            Saves++;
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingAuditLog : IAuditLog
    {
        public List<AuditEvent> Events { get; } = [];

        public Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
        {
            Events.Add(auditEvent);
            return Task.CompletedTask;
        }
    }
}
