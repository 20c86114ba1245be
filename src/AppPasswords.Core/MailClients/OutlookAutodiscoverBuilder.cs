using System.Text;
using System.Xml;

namespace AppPasswords.Core.MailClients;

/// <summary>
/// Outlook's "POX" autodiscover (<c>/autodiscover/autodiscover.xml</c>): parses the request document and answers with
/// the <c>outlook/responseschema/2006a</c> account settings for IMAP, POP3 (when configured) and SMTP.
/// </summary>
public static class OutlookAutodiscoverBuilder
{
    public const string RequestNamespace = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
    public const string ResponseNamespace = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
    public const string OutlookResponseNamespace = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

    /// <summary>Requests larger than this are refused without parsing.</summary>
    public const int MaxRequestBytes = 8 * 1024;

    /// <summary>
    /// Reads <c>Autodiscover/Request/EMailAddress</c> from a request document; null when the document is malformed,
    /// has a DTD, is oversized or lacks the address.
    /// </summary>
    public static string? ReadEmailAddress(Stream request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxRequestBytes,
            IgnoreComments = true,
            IgnoreWhitespace = true,
        };
        try
        {
            using var reader = XmlReader.Create(request, settings);
            if (!reader.ReadToFollowing("Autodiscover", RequestNamespace)
                || !reader.ReadToDescendant("Request", RequestNamespace)
                || !reader.ReadToDescendant("EMailAddress", RequestNamespace))
            {
                return null;
            }

            return reader.ReadElementContentAsString().Trim();
        }
        catch (XmlException)
        {
            return null;
        }
    }

    public static byte[] Build(MailServerOptions servers, string emailAddress)
    {
        ArgumentNullException.ThrowIfNull(servers);
        if (!servers.IsConfigured)
        {
            throw new ArgumentException("MailServers:Domain, Imap and Smtp must be configured with TLS or STARTTLS", nameof(servers));
        }

        if (!servers.IsAddressInDomain(emailAddress))
        {
            throw new ArgumentException("not an address in the configured mail domain", nameof(emailAddress));
        }

        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("Autodiscover", ResponseNamespace);
            xml.WriteStartElement("Response", OutlookResponseNamespace);
            xml.WriteStartElement("Account", OutlookResponseNamespace);
            xml.WriteElementString("AccountType", OutlookResponseNamespace, "email");
            xml.WriteElementString("Action", OutlookResponseNamespace, "settings");
            WriteProtocol(xml, "IMAP", servers.Imap, emailAddress);
            if (servers.HasPop3)
            {
                WriteProtocol(xml, "POP3", servers.Pop3, emailAddress);
            }

            WriteProtocol(xml, "SMTP", servers.Smtp, emailAddress);
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return stream.ToArray();
    }

    private static void WriteProtocol(XmlWriter xml, string type, MailServerEndpoint server, string loginName)
    {
        const string ns = OutlookResponseNamespace;
        xml.WriteStartElement("Protocol", ns);
        xml.WriteElementString("Type", ns, type);
        xml.WriteElementString("Server", ns, server.Host);
        xml.WriteElementString("Port", ns, server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteElementString("LoginName", ns, loginName);
        xml.WriteElementString("DomainRequired", ns, "off");
        xml.WriteElementString("SPA", ns, "off");
        xml.WriteElementString("Encryption", ns, server.SocketSecurity == MailSocketSecurity.Tls ? "SSL" : "TLS");
        xml.WriteElementString("AuthRequired", ns, "on");
        if (type == "SMTP")
        {
            xml.WriteElementString("UsePOPAuth", ns, "off");
            xml.WriteElementString("SMTPLast", ns, "off");
        }

        xml.WriteEndElement();
    }
}
