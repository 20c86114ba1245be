using System.Text.Json;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Audit;

namespace AppPasswords.Core.Admin;

/// <summary>One app password an administrator selected, with the owner it was listed under.</summary>
public sealed record AdminRevocationTarget(Guid UserId, Guid AppPasswordId);

/// <summary>Tells a user that an administrator revoked app passwords on their account (never any secret).</summary>
public interface IAdminRevocationNotifier
{
    Task NotifyAsync(Guid userId, IReadOnlyList<string> labels, string reason, CancellationToken cancellationToken = default);
}

/// <summary>Administrator revocation of other users' app passwords, always with a reason; audited and notified per user.</summary>
public interface IAdminRevokeAppPasswordsCommand
{
    /// <summary>Revokes the selected unrevoked passwords; returns how many were revoked (unknown or already revoked ones are skipped).</summary>
    Task<int> RevokeSelectedAsync(Guid actorUserId, IReadOnlyCollection<AdminRevocationTarget> targets, string reason, CancellationToken cancellationToken = default);

    /// <summary>Revokes every unrevoked password of the user; returns how many.</summary>
    Task<int> RevokeAllOfUserAsync(Guid actorUserId, Guid userId, string reason, CancellationToken cancellationToken = default);
}

public sealed class AdminRevokeAppPasswordsCommand(IAppPasswordStore store, IAuditLog audit, IAdminRevocationNotifier notifier, TimeProvider clock)
    : IAdminRevokeAppPasswordsCommand
{
    public const int MaxReasonLength = 500;

    /// <summary>At most this many passwords in one "revoke selected" (one inventory page is 50).</summary>
    public const int MaxSelection = 200;

    public static bool IsValidReason(string? reason) => reason?.Trim() is { Length: > 0 and <= MaxReasonLength };

    public async Task<int> RevokeSelectedAsync(Guid actorUserId, IReadOnlyCollection<AdminRevocationTarget> targets, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var trimmed = Validate(reason);
        if (targets.Count > MaxSelection)
        {
            throw new ArgumentException($"At most {MaxSelection} app passwords can be revoked at once.", nameof(targets));
        }

        var total = 0;
        foreach (var group in targets.Distinct().GroupBy(t => t.UserId))
        {
            var labels = new List<string>();
            var ids = new List<Guid>();
            foreach (var target in group)
            {
                var password = await store.FindForUserAsync(group.Key, target.AppPasswordId, cancellationToken);
                if (password is null || !await store.RevokeAsync(group.Key, target.AppPasswordId, clock.GetUtcNow(), AppPasswordRevocationReasons.ByAdministrator, cancellationToken))
                {
                    continue;
                }

                labels.Add(password.Label);
                ids.Add(password.Id);
            }

            if (ids.Count == 0)
            {
                continue;
            }

            total += ids.Count;
            await RecordAsync(actorUserId, group.Key, ids.Count, ids, allOfUser: false, trimmed, cancellationToken);
            await notifier.NotifyAsync(group.Key, labels, trimmed, cancellationToken);
        }

        return total;
    }

    public async Task<int> RevokeAllOfUserAsync(Guid actorUserId, Guid userId, string reason, CancellationToken cancellationToken = default)
    {
        var trimmed = Validate(reason);
        var now = clock.GetUtcNow();
        var labels = (await store.ListForUserAsync(userId, cancellationToken))
            .Where(p => p.RevokedAt is null)
            .Select(p => p.Label)
            .ToList();
        var count = await store.RevokeAllAsync(userId, now, AppPasswordRevocationReasons.ByAdministrator, cancellationToken);
        if (count == 0)
        {
            return 0;
        }

        await RecordAsync(actorUserId, userId, count, null, allOfUser: true, trimmed, cancellationToken);
        await notifier.NotifyAsync(userId, labels, trimmed, cancellationToken);
        return count;
    }

    private static string Validate(string? reason)
    {
        if (!IsValidReason(reason))
        {
            throw new ArgumentException($"A reason of 1 to {MaxReasonLength} characters is required.", nameof(reason));
        }

        return reason!.Trim();
    }

    private Task RecordAsync(Guid actorUserId, Guid userId, int count, IReadOnlyList<Guid>? ids, bool allOfUser, string reason, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditEvent
            {
                EventType = AuditEventTypes.AdminAppPasswordsRevoked,
                ActorUserId = actorUserId,
                TargetUserId = userId,
                Target = $"user:{userId}",
                Details = JsonSerializer.Serialize(new { reason, count, all = allOfUser, ids }),
            },
            cancellationToken);
}
