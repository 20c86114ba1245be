namespace AppPasswords.Web.Pages.UserAppPasswords;

/// <summary>One entry of configuration section <c>MailServers</c> (<c>Imap</c>, <c>Smtp</c>, <c>Pop3</c>): what users type into their mail app.</summary>
public sealed class MailServerSettings
{
    public string? Host { get; set; }

    public int? Port { get; set; }

    /// <summary>E.g. <c>SSL/TLS</c> or <c>STARTTLS</c>.</summary>
    public string? Security { get; set; }
}
