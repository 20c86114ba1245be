using System.Text.Json;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Security;

namespace AppPasswords.Core.AppPasswords;

/// <summary>Creates an app password for the user; the plaintext is returned once and never stored.</summary>
public interface IIssueAppPasswordCommand
{
    Task<IssueAppPasswordResult> IssueAsync(IssueAppPasswordRequest request, CancellationToken cancellationToken = default);
}

/// <summary>What the user asked for; <c>Lifetime</c> null means "never" (still capped by the policy).</summary>
public sealed record IssueAppPasswordRequest(Guid UserId, string Label, TimeSpan? Lifetime, AppPasswordProtocols Protocols);

public sealed record IssueAppPasswordResult(IssueAppPasswordError? Error, AppPassword? AppPassword, string? Password)
{
    public bool Succeeded => Error is null;

    public static IssueAppPasswordResult Failed(IssueAppPasswordError error) => new(error, null, null);
}

public enum IssueAppPasswordError
{
    Disabled,
    Blocked,
    InvalidLabel,
    DuplicateLabel,
    NoProtocol,
    ProtocolNotAllowed,
    LimitReached,
}

public sealed class IssueAppPasswordCommand(
    IAppPasswordStore store,
    IAppPasswordPolicyProvider policies,
    IAppPasswordUserRestrictions restrictions,
    AppPasswordGenerator generator,
    AppPasswordHasher hasher,
    IAppPasswordNotifier notifier,
    IAuditLog audit,
    TimeProvider clock) : IIssueAppPasswordCommand
{
    public const int MaxLabelLength = 64;

    public async Task<IssueAppPasswordResult> IssueAsync(IssueAppPasswordRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var policy = await policies.GetPolicyAsync(cancellationToken);
        var label = request.Label?.Trim() ?? "";
        IssueAppPasswordError? error =
            !policy.Enabled ? IssueAppPasswordError.Disabled
            : await restrictions.IsBlockedAsync(request.UserId, cancellationToken) ? IssueAppPasswordError.Blocked
            : label.Length is 0 or > MaxLabelLength || label.Any(char.IsControl) ? IssueAppPasswordError.InvalidLabel
            : request.Protocols == AppPasswordProtocols.None ? IssueAppPasswordError.NoProtocol
            : (request.Protocols & ~(policy.AllowedProtocols & AppPasswordProtocols.All)) != 0 ? IssueAppPasswordError.ProtocolNotAllowed
            : null;
        if (error is { } e)
        {
            return IssueAppPasswordResult.Failed(e);
        }

        var now = clock.GetUtcNow();
        var password = generator.Generate();
        var hash = hasher.Hash(password, HashPurpose.AppPassword);
        var appPassword = new AppPassword
        {
            Id = Guid.CreateVersion7(now),
            UserId = request.UserId,
            Label = label,
            CreatedAt = now,
            ExpiresAt = policy.ExpiryFor(now, request.Lifetime),
            Protocols = request.Protocols,
            HashVersion = hash.Version,
            HashKeyId = hash.KeyId,
            LookupTag = hash.LookupTag,
            Hash = hash.Hash,
        };

        var outcome = await store.AddWithinLimitAsync(appPassword, policy.MaxActivePerUser, now, cancellationToken);
        switch (outcome)
        {
            case AppPasswordAddOutcome.LimitReached:
                return IssueAppPasswordResult.Failed(IssueAppPasswordError.LimitReached);
            case AppPasswordAddOutcome.DuplicateLabel:
                return IssueAppPasswordResult.Failed(IssueAppPasswordError.DuplicateLabel);
        }

        await audit.RecordAsync(
            new AuditEvent
            {
                EventType = AuditEventTypes.AppPasswordCreated,
                ActorUserId = request.UserId,
                TargetUserId = request.UserId,
                Target = AppPasswordAudit.Target(appPassword.Id),
                Details = JsonSerializer.Serialize(new { label, expiresAt = appPassword.ExpiresAt, protocols = appPassword.Protocols.ToString() }),
            },
            cancellationToken);
        await notifier.AppPasswordCreatedAsync(request.UserId, appPassword, cancellationToken);
        return new IssueAppPasswordResult(null, appPassword, password);
    }
}

internal static class AppPasswordAudit
{
    public static string Target(Guid appPasswordId) => $"app-password:{appPasswordId}";
}
