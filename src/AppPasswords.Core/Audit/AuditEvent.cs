namespace AppPasswords.Core.Audit;

/// <summary>An append-only security event. Never carries a secret.</summary>
public class AuditEvent
{
    public long Id { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>Stable event name, one of <see cref="AuditEventTypes"/>.</summary>
    public string EventType { get; set; } = "";

    /// <summary>success, failure or denied.</summary>
    public string Outcome { get; set; } = AuditOutcomes.Success;

    public Guid? ActorUserId { get; set; }

    /// <summary>What the actor typed or was known as when there is no user row (e.g. an unknown user name).</summary>
    public string? ActorName { get; set; }

    public Guid? TargetUserId { get; set; }

    /// <summary>The kind and id of the thing acted on, e.g. <c>app-password:1234</c>.</summary>
    public string? Target { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    public string? CorrelationId { get; set; }

    /// <summary>Free-form, non-secret details (reason, before/after values) as JSON.</summary>
    public string? Details { get; set; }
}

public static class AuditOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Denied = "denied";
}
