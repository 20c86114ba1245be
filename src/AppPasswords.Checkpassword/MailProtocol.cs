namespace AppPasswords.Checkpassword;

/// <summary>Maps the Dovecot service that asks (environment variable <c>SERVICE</c>) to the verify API's protocol scope.</summary>
internal static class MailProtocol
{
    /// <summary>
    /// <c>imap</c> and <c>pop3</c> map to themselves; <c>smtp</c> (Postfix asking through Dovecot SASL) and
    /// <c>submission</c> (Dovecot's own submission service) map to <c>smtp</c>. Anything else (sieve, doveadm, ...)
    /// is not a scope an app password can carry and returns null, which rejects the login.
    /// </summary>
    public static string? FromDovecotService(string? service) => service?.Trim().ToUpperInvariant() switch
    {
        "IMAP" => "imap",
        "POP3" => "pop3",
        "SMTP" or "SUBMISSION" => "smtp",
        _ => null,
    };
}
