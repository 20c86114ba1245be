using System.Globalization;
using System.Text;
using System.Xml;

namespace AppPasswords.Core.MailClients;

/// <summary>
/// An Apple configuration profile (<c>.mobileconfig</c>, XML property list) with one <c>com.apple.mail.managed</c>
/// payload: the IMAP account, the SMTP server and the app password, for Apple Mail on macOS and iOS.
/// The result holds a secret: offer it only as a download during the app password's one-time display and never store it.
/// </summary>
public static class AppleMailProfileBuilder
{
    public const string ContentType = "application/x-apple-aspen-config";
    public const string ConfigurationPayloadType = "Configuration";
    public const string MailPayloadType = "com.apple.mail.managed";

    /// <summary>Builds the profile; fresh PayloadUUIDs (and identifiers derived from them) on every call.</summary>
    public static byte[] Build(MailAccount account, string password, MailServerOptions servers)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (!servers.IsConfigured)
        {
            throw new ArgumentException("MailServers:Domain, Imap and Smtp must be configured with TLS or STARTTLS", nameof(servers));
        }

        RequirePrintable(account.EmailAddress, nameof(account));
        RequirePrintable(account.DisplayName, nameof(account));
        RequirePrintable(account.LoginName, nameof(account));
        RequirePrintable(password, nameof(password));

        var profileUuid = Guid.NewGuid().ToString("D").ToUpperInvariant();
        var mailUuid = Guid.NewGuid().ToString("D").ToUpperInvariant();
        var identifierRoot = ReverseDomain(servers.Domain) + ".apppasswords";

        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            xml.WriteDocType("plist", "-//Apple//DTD PLIST 1.0//EN", "http://www.apple.com/DTDs/PropertyList-1.0.dtd", null);
            xml.WriteStartElement("plist");
            xml.WriteAttributeString("version", "1.0");
            xml.WriteStartElement("dict");

            xml.WriteElementString("key", "PayloadContent");
            xml.WriteStartElement("array");
            xml.WriteStartElement("dict");
            String(xml, "EmailAccountDescription", servers.DisplayName);
            String(xml, "EmailAccountName", account.DisplayName);
            String(xml, "EmailAccountType", "EmailTypeIMAP");
            String(xml, "EmailAddress", account.EmailAddress);
            String(xml, "IncomingMailServerAuthentication", "EmailAuthPassword");
            String(xml, "IncomingMailServerHostName", servers.Imap.Host);
            Integer(xml, "IncomingMailServerPortNumber", servers.Imap.Port);
            Boolean(xml, "IncomingMailServerUseSSL", true);
            String(xml, "IncomingMailServerUsername", account.LoginName);
            String(xml, "IncomingPassword", password);
            String(xml, "OutgoingMailServerAuthentication", "EmailAuthPassword");
            String(xml, "OutgoingMailServerHostName", servers.Smtp.Host);
            Integer(xml, "OutgoingMailServerPortNumber", servers.Smtp.Port);
            Boolean(xml, "OutgoingMailServerUseSSL", true);
            String(xml, "OutgoingMailServerUsername", account.LoginName);
            String(xml, "OutgoingPassword", password);
            Boolean(xml, "OutgoingPasswordSameAsIncomingPassword", true);
            String(xml, "PayloadDescription", "Configures the mail account " + account.EmailAddress);
            String(xml, "PayloadDisplayName", servers.DisplayName);
            String(xml, "PayloadIdentifier", $"{identifierRoot}.mail.{mailUuid}");
            String(xml, "PayloadType", MailPayloadType);
            String(xml, "PayloadUUID", mailUuid);
            Integer(xml, "PayloadVersion", 1);
            Boolean(xml, "PreventAppSheet", false);
            Boolean(xml, "PreventMove", false);
            Boolean(xml, "SMIMEEnabled", false);
            xml.WriteEndElement();
            xml.WriteEndElement();

            String(xml, "PayloadDescription", "Mail account " + account.EmailAddress + " with an app password");
            String(xml, "PayloadDisplayName", servers.DisplayName + " (" + account.EmailAddress + ")");
            String(xml, "PayloadIdentifier", $"{identifierRoot}.profile.{profileUuid}");
            String(xml, "PayloadOrganization", servers.DisplayName);
            Boolean(xml, "PayloadRemovalDisallowed", false);
            String(xml, "PayloadType", ConfigurationPayloadType);
            String(xml, "PayloadUUID", profileUuid);
            Integer(xml, "PayloadVersion", 1);

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return stream.ToArray();
    }

    /// <summary>A download file name safe in a Content-Disposition header, e.g. <c>contoso.com-mail.mobileconfig</c>.</summary>
    public static string FileName(MailServerOptions servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var safe = new string([.. servers.Domain.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-')]);
        return (safe.Length == 0 ? "mail" : safe + "-mail") + ".mobileconfig";
    }

    private static string ReverseDomain(string domain)
    {
        var labels = domain.ToLowerInvariant().Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => new string([.. l.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-')]))
            .Where(l => l.Length > 0)
            .Reverse()
            .ToArray();
        return labels.Length == 0 ? "local" : string.Join('.', labels);
    }

    private static void RequirePrintable(string value, string parameter)
    {
        if (string.IsNullOrEmpty(value) || value.Any(char.IsControl) || value.Any(char.IsSurrogate) && !IsWellFormed(value))
        {
            throw new ArgumentException("empty or contains control characters", parameter);
        }
    }

    private static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static void String(XmlWriter xml, string key, string value)
    {
        xml.WriteElementString("key", key);
        xml.WriteElementString("string", value);
    }

    private static void Integer(XmlWriter xml, string key, int value)
    {
        xml.WriteElementString("key", key);
        xml.WriteElementString("integer", value.ToString(CultureInfo.InvariantCulture));
    }

    private static void Boolean(XmlWriter xml, string key, bool value)
    {
        xml.WriteElementString("key", key);
        xml.WriteElementString(value ? "true" : "false", null);
    }
}
