using System.Xml;
using System.Xml.Linq;
using AppPasswords.Core.MailClients;

namespace AppPasswords.Web.Tests.MailClients;

public class AppleMailProfileBuilderTests
{
    private static readonly MailAccount Alice = new("alice@contoso.com", "Alice Liddell", "alice@contoso.com");

    [Fact]
    public void Build_ValidAccount_IsPlistWithConfigurationAndMailPayloads()
    {
        var document = Parse(AppleMailProfileBuilder.Build(Alice, "abcd-efgh-ijkl-mnop", MailServersFixture.Contoso()));

        Assert.Equal("plist", document.DocumentType?.Name);
        Assert.Equal("-//Apple//DTD PLIST 1.0//EN", document.DocumentType?.PublicId);
        Assert.Equal("1.0", document.Root?.Attribute("version")?.Value);
        var profile = Dict(document.Root!.Element("dict")!);
        Assert.Equal("Configuration", profile["PayloadType"].Value);
        Assert.Equal("1", profile["PayloadVersion"].Value);
        Assert.Equal("integer", profile["PayloadVersion"].Name.LocalName);
        Assert.StartsWith("com.contoso.apppasswords.profile.", profile["PayloadIdentifier"].Value, StringComparison.Ordinal);
        Assert.True(Guid.TryParse(profile["PayloadUUID"].Value, out _));

        var mail = Dict(Assert.Single(profile["PayloadContent"].Elements("dict")));
        Assert.Equal("com.apple.mail.managed", mail["PayloadType"].Value);
        Assert.Equal("EmailTypeIMAP", mail["EmailAccountType"].Value);
        Assert.Equal("alice@contoso.com", mail["EmailAddress"].Value);
        Assert.Equal("imap.contoso.com", mail["IncomingMailServerHostName"].Value);
        Assert.Equal("993", mail["IncomingMailServerPortNumber"].Value);
        Assert.Equal("true", mail["IncomingMailServerUseSSL"].Name.LocalName);
        Assert.Equal("alice@contoso.com", mail["IncomingMailServerUsername"].Value);
        Assert.Equal("abcd-efgh-ijkl-mnop", mail["IncomingPassword"].Value);
        Assert.Equal("smtp.contoso.com", mail["OutgoingMailServerHostName"].Value);
        Assert.Equal("587", mail["OutgoingMailServerPortNumber"].Value);
        Assert.Equal("true", mail["OutgoingMailServerUseSSL"].Name.LocalName);
        Assert.Equal("abcd-efgh-ijkl-mnop", mail["OutgoingPassword"].Value);
        Assert.Equal("EmailAuthPassword", mail["OutgoingMailServerAuthentication"].Value);
        Assert.True(Guid.TryParse(mail["PayloadUUID"].Value, out _));
        Assert.NotEqual(profile["PayloadUUID"].Value, mail["PayloadUUID"].Value);
        Assert.NotEqual(profile["PayloadIdentifier"].Value, mail["PayloadIdentifier"].Value);
    }

    [Fact]
    public void Build_TwoCalls_UseFreshUuids()
    {
        var first = Dict(Parse(AppleMailProfileBuilder.Build(Alice, "p1", MailServersFixture.Contoso())).Root!.Element("dict")!);
        var second = Dict(Parse(AppleMailProfileBuilder.Build(Alice, "p1", MailServersFixture.Contoso())).Root!.Element("dict")!);

        Assert.NotEqual(first["PayloadUUID"].Value, second["PayloadUUID"].Value);
        Assert.NotEqual(first["PayloadIdentifier"].Value, second["PayloadIdentifier"].Value);
    }

    [Fact]
    public void Build_MarkupInNames_IsEscapedNotInjected()
    {
        var account = new MailAccount("alice@contoso.com", "</string><key>PayloadType</key><string>evil", "alice@contoso.com");

        var document = Parse(AppleMailProfileBuilder.Build(account, "<&>\"'", MailServersFixture.Contoso()));

        var mail = Dict(Dict(document.Root!.Element("dict")!)["PayloadContent"].Element("dict")!);
        Assert.Equal("</string><key>PayloadType</key><string>evil", mail["EmailAccountName"].Value);
        Assert.Equal("<&>\"'", mail["IncomingPassword"].Value);
        Assert.Equal("com.apple.mail.managed", mail["PayloadType"].Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("pass\u0000word")]
    [InlineData("pass\nword")]
    public void Build_UnprintablePassword_Throws(string password)
    {
        Assert.ThrowsAny<ArgumentException>(() => AppleMailProfileBuilder.Build(Alice, password, MailServersFixture.Contoso()));
    }

    [Fact]
    public void Build_LoneSurrogateInName_Throws()
    {
        var account = Alice with { DisplayName = "Alice " + '\ud800' };

        Assert.Throws<ArgumentException>(() => AppleMailProfileBuilder.Build(account, "p", MailServersFixture.Contoso()));
    }

    [Fact]
    public void Build_ServersNotConfigured_Throws()
    {
        Assert.Throws<ArgumentException>(() => AppleMailProfileBuilder.Build(Alice, "p", new MailServerOptions()));
    }

    [Fact]
    public void FileName_HostileDomain_KeepsOnlySafeCharacters()
    {
        var servers = MailServersFixture.Contoso();
        servers.Domain = "contoso.com\"; filename=evil.exe";

        Assert.Equal("contoso.comfilenameevil.exe-mail.mobileconfig", AppleMailProfileBuilder.FileName(servers));
    }

    internal static XDocument Parse(byte[] document)
    {
        // The DOCTYPE is read but the external DTD never fetched (no resolver), as Apple's parser does.
        using var stream = new MemoryStream(document);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = null });
        return XDocument.Load(reader);
    }

    /// <summary>A plist dict as key → value element; fails on duplicate keys or a key without a value.</summary>
    internal static Dictionary<string, XElement> Dict(XElement dict)
    {
        Assert.Equal("dict", dict.Name.LocalName);
        var children = dict.Elements().ToList();
        Assert.True(children.Count % 2 == 0, "every key has a value");
        var result = new Dictionary<string, XElement>(StringComparer.Ordinal);
        for (var i = 0; i < children.Count; i += 2)
        {
            Assert.Equal("key", children[i].Name.LocalName);
            Assert.Contains(children[i + 1].Name.LocalName, new[] { "string", "integer", "true", "false", "array", "dict" });
            result.Add(children[i].Value, children[i + 1]);
        }

        return result;
    }
}

public class MailServerOptionsTests
{
    [Theory]
    [InlineData("SSL/TLS", MailSocketSecurity.Tls)]
    [InlineData("tls", MailSocketSecurity.Tls)]
    [InlineData("STARTTLS", MailSocketSecurity.StartTls)]
    [InlineData("StartTls", MailSocketSecurity.StartTls)]
    [InlineData("None", MailSocketSecurity.None)]
    [InlineData("", MailSocketSecurity.None)]
    [InlineData(null, MailSocketSecurity.None)]
    public void SocketSecurity_ConfiguredText_Parses(string? text, MailSocketSecurity expected)
    {
        Assert.Equal(expected, new MailServerEndpoint { Security = text }.SocketSecurity);
    }

    [Fact]
    public void IsConfigured_UnencryptedImap_IsFalse()
    {
        var servers = MailServersFixture.Contoso();
        servers.Imap.Security = "None";

        Assert.False(servers.IsConfigured);
    }
}
