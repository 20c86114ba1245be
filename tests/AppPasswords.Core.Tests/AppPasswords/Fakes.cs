using System.Security.Cryptography;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Security;
using AppPasswords.Core.Tests.Security;
using Microsoft.Extensions.Time.Testing;

namespace AppPasswords.Core.Tests.AppPasswords;

/// <summary>
/// An in-memory store for use-case tests; the EF and SQLite stores are tested against SQLite in the Infrastructure
/// and Web tests. Verification reads the policy and blocks from <see cref="Policy"/>, like the real stores read them
/// from the database in the same round trip.
/// </summary>
internal sealed class InMemoryAppPasswordStore(SettablePolicy policy) : IAppPasswordStore, IAppPasswordVerificationStore
{
    public List<AppPassword> Rows { get; } = [];

    public SettablePolicy Policy { get; } = policy;

    public int VerificationReads { get; private set; }

    public Dictionary<Guid, (string Upn, string ExternalKey)> Users { get; } = [];

    public int RecordUseCalls { get; private set; }

    public Task<AppPasswordAddOutcome> AddWithinLimitAsync(AppPassword appPassword, int maxActive, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (Rows)
        {
            var mine = Rows.Where(p => p.UserId == appPassword.UserId && !p.IsRevoked).ToList();
            if (mine.Count(p => p.IsActiveAt(now)) >= maxActive)
            {
                return Task.FromResult(AppPasswordAddOutcome.LimitReached);
            }

            if (mine.Any(p => string.Equals(p.Label, appPassword.Label, StringComparison.OrdinalIgnoreCase)))
            {
                return Task.FromResult(AppPasswordAddOutcome.DuplicateLabel);
            }

            Rows.Add(appPassword);
            return Task.FromResult(AppPasswordAddOutcome.Added);
        }
    }

    public Task<IReadOnlyList<AppPassword>> ListForUserAsync(Guid userId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AppPassword>>(Rows.Where(p => p.UserId == userId).ToList());

    public Task<AppPassword?> FindForUserAsync(Guid userId, Guid appPasswordId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Rows.FirstOrDefault(p => p.UserId == userId && p.Id == appPasswordId));

    public Task<bool> RevokeAsync(Guid userId, Guid appPasswordId, DateTimeOffset now, string reason, CancellationToken cancellationToken = default)
    {
        var row = Rows.FirstOrDefault(p => p.UserId == userId && p.Id == appPasswordId && !p.IsRevoked);
        if (row is null)
        {
            return Task.FromResult(false);
        }

        row.RevokedAt = now;
        row.RevocationReason = reason;
        return Task.FromResult(true);
    }

    public Task<int> RevokeAllAsync(Guid userId, DateTimeOffset now, string reason, CancellationToken cancellationToken = default)
    {
        var rows = Rows.Where(p => p.UserId == userId && !p.IsRevoked).ToList();
        rows.ForEach(p => (p.RevokedAt, p.RevocationReason) = (now, reason));
        return Task.FromResult(rows.Count);
    }

    public Task<AppPasswordVerificationSnapshot> FindForVerificationAsync(byte[] lookupTag, CancellationToken cancellationToken = default)
    {
        VerificationReads++;
        var row = Rows.FirstOrDefault(p => p.LookupTag.AsSpan().SequenceEqual(lookupTag));
        return Task.FromResult(new AppPasswordVerificationSnapshot(
            row is null ? null : new AppPasswordCandidate(row, Users[row.UserId].Upn, Users[row.UserId].ExternalKey),
            row is not null && Policy.Blocked.Contains(row.UserId),
            Policy.Policy));
    }

    public Task<bool> RecordUseAsync(Guid appPasswordId, DateTimeOffset now, AppPasswordProtocols protocol, string? ipAddress, DateTimeOffset notUsedSince, CancellationToken cancellationToken = default)
    {
        RecordUseCalls++;
        var row = Rows.First(p => p.Id == appPasswordId);
        if (row.LastUsedAt is { } last && last > notUsedSince)
        {
            return Task.FromResult(false);
        }

        (row.LastUsedAt, row.LastUsedProtocol, row.LastUsedIpAddress) = (now, protocol, ipAddress);
        return Task.FromResult(true);
    }
}

internal sealed class RecordingAuditLog : IAuditLog
{
    public List<AuditEvent> Events { get; } = [];

    public Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        lock (Events)
        {
            Events.Add(auditEvent);
        }

        return Task.CompletedTask;
    }
}

internal sealed class RecordingNotifier : IAppPasswordNotifier
{
    public List<Guid> Notified { get; } = [];

    public Task AppPasswordCreatedAsync(Guid userId, AppPassword appPassword, CancellationToken cancellationToken = default)
    {
        Notified.Add(appPassword.Id);
        return Task.CompletedTask;
    }
}

internal sealed class SettablePolicy : IAppPasswordPolicyProvider, IAppPasswordUserRestrictions
{
    public AppPasswordPolicy Policy { get; set; } = AppPasswordPolicy.Default;

    public HashSet<Guid> Blocked { get; } = [];

    public int PolicyReads { get; private set; }

    public int BlockChecks { get; private set; }

    public ValueTask<AppPasswordPolicy> GetPolicyAsync(CancellationToken cancellationToken = default)
    {
        PolicyReads++;
        return ValueTask.FromResult(Policy);
    }

    public ValueTask<bool> IsBlockedAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        BlockChecks++;
        return ValueTask.FromResult(Blocked.Contains(userId));
    }
}

/// <summary>The use cases wired over in-memory fakes and a fake clock.</summary>
internal sealed class AppPasswordFixture
{
    public static readonly Guid Alice = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
    public static readonly Guid Bob = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002");

    public AppPasswordFixture()
    {
        Store = new InMemoryAppPasswordStore(Policy);
        Store.Users[Alice] = ("alice@contoso.example", "local:alice");
        Store.Users[Bob] = ("bob@contoso.example", "local:bob");
        Hasher = new AppPasswordHasher(new HashKeyRing([new HashKey("k1", RandomNumberGenerator.GetBytes(32))], "k1"));
        Issue = new IssueAppPasswordCommand(Store, Policy, Policy, new AppPasswordGenerator(new CryptoRandom()), Hasher, Notifier, Audit, Clock);
        Verify = new VerifyAppPasswordCommand(Store, Hasher, new VerificationFailureAuditThrottle(), Audit, Clock);
        Revoke = new RevokeAppPasswordCommand(Store, Audit, Clock);
        RevokeAll = new RevokeAllAppPasswordsCommand(Store, Audit, Clock);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public InMemoryAppPasswordStore Store { get; }

    public RecordingAuditLog Audit { get; } = new();

    public RecordingNotifier Notifier { get; } = new();

    public SettablePolicy Policy { get; } = new();

    public AppPasswordHasher Hasher { get; }

    public IssueAppPasswordCommand Issue { get; }

    public VerifyAppPasswordCommand Verify { get; }

    public RevokeAppPasswordCommand Revoke { get; }

    public RevokeAllAppPasswordsCommand RevokeAll { get; }

    public async Task<IssueAppPasswordResult> IssueAsync(Guid user, string label = "Phone", TimeSpan? lifetime = null, AppPasswordProtocols protocols = AppPasswordProtocols.All)
    {
        var result = await Issue.IssueAsync(new IssueAppPasswordRequest(user, label, lifetime, protocols), TestContext.Current.CancellationToken);
        return result;
    }

    public Task<VerifyAppPasswordResult> VerifyAsync(string user, string password, AppPasswordProtocols protocol = AppPasswordProtocols.Imap, string? ip = "192.0.2.10") =>
        Verify.VerifyAsync(new VerifyAppPasswordRequest(user, password, protocol, ip, null), TestContext.Current.CancellationToken);
}
