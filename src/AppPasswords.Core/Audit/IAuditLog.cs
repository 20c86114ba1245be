namespace AppPasswords.Core.Audit;

/// <summary>Records security events. The request context (IP, user agent, correlation id) is filled in by the host.</summary>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="auditEvent"/>; fields left empty are completed from the current request.</summary>
    Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);
}

/// <summary>Who is asking and from where; supplied by the host for the current request or command.</summary>
public interface IRequestContext
{
    string? IpAddress { get; }
    string? UserAgent { get; }
    string? CorrelationId { get; }
}
