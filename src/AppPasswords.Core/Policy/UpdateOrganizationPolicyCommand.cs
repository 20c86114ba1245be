using System.Text.Json;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Audit;

namespace AppPasswords.Core.Policy;

/// <summary>What an administrator submits on the Policy page.</summary>
public sealed record OrganizationPolicyChange(
    bool AppPasswordsEnabled,
    int MaxActivePerUser,
    int? MaxLifetimeDays,
    AppPasswordProtocols AllowedProtocols,
    bool AllowSkipMfaSetup,
    int SkipMfaSetupDays);

public enum OrganizationPolicyUpdateResult
{
    Saved,
    Unchanged,
    Invalid,
}

/// <summary>Validates and saves a policy change, auditing the values before and after.</summary>
public interface IUpdateOrganizationPolicyCommand
{
    Task<OrganizationPolicyUpdateResult> ExecuteAsync(Guid adminUserId, OrganizationPolicyChange change, CancellationToken cancellationToken = default);
}

public sealed class UpdateOrganizationPolicyCommand(IOrganizationPolicyStore store, IAuditLog audit, TimeProvider clock)
    : IUpdateOrganizationPolicyCommand
{
    public const int MaxActiveLimit = 100;
    public const int MaxLifetimeLimit = 3650;
    public const int MaxSkipDays = 90;

    public async Task<OrganizationPolicyUpdateResult> ExecuteAsync(Guid adminUserId, OrganizationPolicyChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!IsValid(change))
        {
            return OrganizationPolicyUpdateResult.Invalid;
        }

        var before = (await store.GetAsync(cancellationToken)).Copy();
        var after = before.Copy();
        after.AppPasswordsEnabled = change.AppPasswordsEnabled;
        after.MaxActivePerUser = change.MaxActivePerUser;
        after.MaxLifetimeDays = change.MaxLifetimeDays;
        after.AllowedProtocols = change.AllowedProtocols;
        after.AllowSkipMfaSetup = change.AllowSkipMfaSetup;
        after.SkipMfaSetupDays = change.SkipMfaSetupDays;

        var beforeJson = Snapshot(before);
        var afterJson = Snapshot(after);
        if (beforeJson == afterJson)
        {
            return OrganizationPolicyUpdateResult.Unchanged;
        }

        after.UpdatedAt = clock.GetUtcNow();
        after.UpdatedByUserId = adminUserId;
        await store.SaveAsync(after, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent
            {
                EventType = AuditEventTypes.PolicyChanged,
                ActorUserId = adminUserId,
                Target = "policy:organization",
                Details = "{\"before\":" + beforeJson + ",\"after\":" + afterJson + "}",
            },
            cancellationToken);
        return OrganizationPolicyUpdateResult.Saved;
    }

    public static bool IsValid(OrganizationPolicyChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.MaxActivePerUser is >= 1 and <= MaxActiveLimit
            && change.MaxLifetimeDays is null or (>= 1 and <= MaxLifetimeLimit)
            && change.SkipMfaSetupDays is >= 0 and <= MaxSkipDays
            && change.AllowedProtocols != AppPasswordProtocols.None
            && (change.AllowedProtocols & ~AppPasswordProtocols.All) == 0;
    }

    private static string Snapshot(OrganizationPolicy policy) => JsonSerializer.Serialize(new
    {
        appPasswordsEnabled = policy.AppPasswordsEnabled,
        maxActivePerUser = policy.MaxActivePerUser,
        maxLifetimeDays = policy.MaxLifetimeDays,
        allowedProtocols = AppPasswordProtocolNames.Each.Where(p => policy.AllowedProtocols.HasFlag(p)).Select(AppPasswordProtocolNames.ToWireName).ToArray(),
        allowSkipMfaSetup = policy.AllowSkipMfaSetup,
        skipMfaSetupDays = policy.SkipMfaSetupDays,
    });
}
