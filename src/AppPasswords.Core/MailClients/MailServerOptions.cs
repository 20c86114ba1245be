namespace AppPasswords.Core.MailClients;

/// <summary>How a mail client reaches one server: host, port and transport security.</summary>
public sealed class MailServerEndpoint
{
    public string Host { get; set; } = string.Empty;

    public int Port { get; set; }

    /// <summary>
    /// As configured and shown to users: <c>SSL/TLS</c> (also <c>Tls</c>, <c>SSL</c>) or <c>STARTTLS</c>; anything else
    /// counts as unencrypted and is never advertised. A string, so the show-once page can display it verbatim.
    /// </summary>
    public string? Security { get; set; } = "SSL/TLS";

    /// <summary><see cref="Security"/> parsed.</summary>
    public MailSocketSecurity SocketSecurity => Security?.Trim().ToUpperInvariant() switch
    {
        "SSL/TLS" or "TLS" or "SSL" or "IMPLICITTLS" => MailSocketSecurity.Tls,
        "STARTTLS" => MailSocketSecurity.StartTls,
        _ => MailSocketSecurity.None,
    };

    /// <summary>True when a host and a valid port are set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && Port is > 0 and <= 65535;
}

/// <summary>Transport security of a mail server port.</summary>
public enum MailSocketSecurity
{
    /// <summary>Implicit TLS from the first byte (IMAPS 993, SMTPS 465, POP3S 995).</summary>
    Tls,

    /// <summary>Plain connection upgraded with STARTTLS before login (IMAP 143, submission 587).</summary>
    StartTls,

    /// <summary>No encryption: only for a loopback test server; the client setup documents refuse to advertise it.</summary>
    None,
}

/// <summary>
/// The organisation's mail servers as mail clients see them (configuration section <c>MailServers</c>).
/// Public information only: autoconfig, autodiscover and the Apple profile publish it.
/// </summary>
public sealed class MailServerOptions
{
    public const string SectionName = "MailServers";

    /// <summary>Provider name shown by mail clients, e.g. "Contoso Mail".</summary>
    public string DisplayName { get; set; } = "Mail";

    /// <summary>The mail domain users' addresses end with, e.g. contoso.com.</summary>
    public string Domain { get; set; } = string.Empty;

    public MailServerEndpoint Imap { get; set; } = new();

    public MailServerEndpoint Smtp { get; set; } = new();

    /// <summary>Optional; published only when configured.</summary>
    public MailServerEndpoint Pop3 { get; set; } = new();

    /// <summary>True when the domain, IMAP and SMTP are configured with encrypted transports.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(Domain)
        && Imap.IsConfigured && Imap.SocketSecurity != MailSocketSecurity.None
        && Smtp.IsConfigured && Smtp.SocketSecurity != MailSocketSecurity.None;

    /// <summary>True when POP3 is configured with an encrypted transport.</summary>
    public bool HasPop3 => Pop3.IsConfigured && Pop3.SocketSecurity != MailSocketSecurity.None;

    /// <summary>
    /// Whether <paramref name="emailAddress"/> is a plain address (at most 254 characters, no control characters,
    /// no display name or comments) in this <see cref="Domain"/>.
    /// </summary>
    public bool IsAddressInDomain(string? emailAddress)
    {
        if (string.IsNullOrEmpty(emailAddress) || emailAddress.Length > 254 || emailAddress.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return false;
        }

        if (!System.Net.Mail.MailAddress.TryCreate(emailAddress, out var address) || address.Address != emailAddress || !string.IsNullOrEmpty(address.DisplayName))
        {
            return false;
        }

        return string.Equals(address.Host, Domain, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The mailbox a client profile is made for.</summary>
/// <param name="EmailAddress">The address mail is sent from.</param>
/// <param name="DisplayName">The person's name shown to recipients.</param>
/// <param name="LoginName">What the client logs in with (the user principal name).</param>
public sealed record MailAccount(string EmailAddress, string DisplayName, string LoginName);
