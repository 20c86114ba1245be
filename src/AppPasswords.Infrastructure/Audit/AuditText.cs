using AppPasswords.Core.Audit;
using AppPasswords.Core.Common;

namespace AppPasswords.Infrastructure.Audit;

/// <summary>Escapes control characters (<see cref="ControlCharacters"/>) in every free-text field of an audit event.</summary>
internal static class AuditText
{
    /// <summary>Escapes in place; for a row about to be stored, also cuts each field to its column length.</summary>
    public static AuditEvent EscapeControlCharacters(AuditEvent auditEvent, bool fitColumns = false)
    {
        auditEvent.EventType = Escape(auditEvent.EventType, fitColumns ? 64 : null);
        auditEvent.Outcome = Escape(auditEvent.Outcome, fitColumns ? 16 : null);
        auditEvent.ActorName = Escape(auditEvent.ActorName, fitColumns ? 256 : null);
        auditEvent.Target = Escape(auditEvent.Target, fitColumns ? 128 : null);
        auditEvent.IpAddress = Escape(auditEvent.IpAddress, fitColumns ? 64 : null);
        auditEvent.UserAgent = Escape(auditEvent.UserAgent, fitColumns ? 512 : null);
        auditEvent.CorrelationId = Escape(auditEvent.CorrelationId, fitColumns ? 64 : null);
        auditEvent.Details = Escape(auditEvent.Details, fitColumns ? 4000 : null);
        return auditEvent;
    }

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    private static string? Escape(string? value, int? maxLength)
    {
        var escaped = ControlCharacters.Escape(value);
        return escaped is not null && maxLength is { } max && escaped.Length > max && !ReferenceEquals(escaped, value) ? escaped[..max] : escaped;
    }
}
