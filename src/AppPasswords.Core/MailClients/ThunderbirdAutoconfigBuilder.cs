using System.Text;
using System.Xml;

namespace AppPasswords.Core.MailClients;

/// <summary>
/// Thunderbird's autoconfig document (<c>clientConfig version="1.1"</c>) served at
/// <c>/.well-known/autoconfig/mail/config-v1.1.xml</c>. The user name is Thunderbird's own <c>%EMAILADDRESS%</c>
/// placeholder, so nothing the caller sends is ever echoed into the document.
/// </summary>
public static class ThunderbirdAutoconfigBuilder
{
    public static byte[] Build(MailServerOptions servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        if (!servers.IsConfigured)
        {
            throw new ArgumentException("MailServers:Domain, Imap and Smtp must be configured with TLS or STARTTLS", nameof(servers));
        }

        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("clientConfig");
            xml.WriteAttributeString("version", "1.1");
            xml.WriteStartElement("emailProvider");
            xml.WriteAttributeString("id", servers.Domain);
            xml.WriteElementString("domain", servers.Domain);
            xml.WriteElementString("displayName", servers.DisplayName);
            xml.WriteElementString("displayShortName", servers.DisplayName);
            WriteServer(xml, "incomingServer", "imap", servers.Imap);
            if (servers.HasPop3)
            {
                WriteServer(xml, "incomingServer", "pop3", servers.Pop3);
            }

            WriteServer(xml, "outgoingServer", "smtp", servers.Smtp);
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return stream.ToArray();
    }

    private static void WriteServer(XmlWriter xml, string element, string type, MailServerEndpoint server)
    {
        xml.WriteStartElement(element);
        xml.WriteAttributeString("type", type);
        xml.WriteElementString("hostname", server.Host);
        xml.WriteElementString("port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteElementString("socketType", server.SocketSecurity == MailSocketSecurity.Tls ? "SSL" : "STARTTLS");
        xml.WriteElementString("authentication", "password-cleartext");
        xml.WriteElementString("username", "%EMAILADDRESS%");
        xml.WriteEndElement();
    }
}
