using System.Net;
using System.Text;
using System.Xml.Linq;
using AppPasswords.Core.MailClients;
using AppPasswords.Testing;

namespace AppPasswords.Web.Tests.MailClients;

public class MailClientSetupEndpointsTests
{
    private static readonly XNamespace Response = OutlookAutodiscoverBuilder.ResponseNamespace;
    private static readonly XNamespace Outlook = OutlookAutodiscoverBuilder.OutlookResponseNamespace;

    [Theory]
    [InlineData("/.well-known/autoconfig/mail/config-v1.1.xml")]
    [InlineData("/mail/config-v1.1.xml?emailaddress=alice%40contoso.com")]
    public async Task Autoconfig_Anonymous_DescribesConfiguredServers(string url)
    {
        await using var host = new PortalHost().WithContosoServers();
        using var client = host.CreateRawClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("clientConfig", document.Root?.Name.LocalName);
        Assert.Equal("1.1", document.Root?.Attribute("version")?.Value);
        var provider = document.Root!.Element("emailProvider")!;
        Assert.Equal("contoso.com", provider.Attribute("id")?.Value);
        Assert.Equal("contoso.com", provider.Element("domain")?.Value);
        Assert.Equal("Contoso Mail", provider.Element("displayName")?.Value);
        var imap = Assert.Single(provider.Elements("incomingServer"));
        Assert.Equal("imap", imap.Attribute("type")?.Value);
        Assert.Equal("imap.contoso.com", imap.Element("hostname")?.Value);
        Assert.Equal("993", imap.Element("port")?.Value);
        Assert.Equal("SSL", imap.Element("socketType")?.Value);
        Assert.Equal("password-cleartext", imap.Element("authentication")?.Value);
        Assert.Equal("%EMAILADDRESS%", imap.Element("username")?.Value);
        var smtp = Assert.Single(provider.Elements("outgoingServer"));
        Assert.Equal("smtp", smtp.Attribute("type")?.Value);
        Assert.Equal("587", smtp.Element("port")?.Value);
        Assert.Equal("STARTTLS", smtp.Element("socketType")?.Value);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Autoconfig_Pop3Configured_PublishesSecondIncomingServer()
    {
        await using var host = new PortalHost().WithContosoServers()
            .With("MailServers:Pop3:Host", "pop.contoso.com").With("MailServers:Pop3:Port", "995").With("MailServers:Pop3:Security", "Tls");
        using var client = host.CreateRawClient();

        var text = await client.GetStringAsync(new Uri("/.well-known/autoconfig/mail/config-v1.1.xml", UriKind.Relative), TestContext.Current.CancellationToken);

        var incoming = XDocument.Parse(text).Root!.Element("emailProvider")!.Elements("incomingServer").ToList();
        Assert.Equal(["imap", "pop3"], incoming.Select(e => e.Attribute("type")?.Value));
    }

    [Theory]
    [InlineData("%3Cscript%3E%40contoso.com")]
    [InlineData("alice%40evil.example")]
    [InlineData("alice%40contoso.com%0D%0AX-Injected%3A%201")]
    [InlineData("Alice%20%3Calice%40contoso.com%3E")]
    [InlineData("alice%40contoso.com&emailaddress=bob%40contoso.com")]
    [InlineData("")]
    public async Task Autoconfig_HostileEmailAddress_Returns400(string query)
    {
        await using var host = new PortalHost().WithContosoServers();
        using var client = host.CreateRawClient();

        using var response = await client.GetAsync(new Uri("/mail/config-v1.1.xml?emailaddress=" + query, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Autoconfig_OversizedEmailAddress_Returns400()
    {
        await using var host = new PortalHost().WithContosoServers();
        using var client = host.CreateRawClient();

        using var response = await client.GetAsync(new Uri("/mail/config-v1.1.xml?emailaddress=" + new string('a', 300) + "%40contoso.com", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/.well-known/autoconfig/mail/config-v1.1.xml")]
    [InlineData("/autodiscover/autodiscover.xml?emailaddress=alice%40contoso.com")]
    public async Task Discovery_ServersNotConfigured_Returns404(string url)
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/autodiscover/autodiscover.xml")]
    [InlineData("/Autodiscover/Autodiscover.xml")]
    public async Task Autodiscover_PoxRequest_AnswersOutlookSettings(string url)
    {
        await using var host = new PortalHost().WithContosoServers();
        using var client = host.CreateRawClient();

        using var response = await client.PostAsync(new Uri(url, UriKind.Relative), Request("alice@contoso.com"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Response + "Autodiscover", document.Root?.Name);
        var account = document.Root!.Element(Outlook + "Response")!.Element(Outlook + "Account")!;
        Assert.Equal("email", account.Element(Outlook + "AccountType")?.Value);
        Assert.Equal("settings", account.Element(Outlook + "Action")?.Value);
        var protocols = account.Elements(Outlook + "Protocol").ToDictionary(p => p.Element(Outlook + "Type")!.Value);
        Assert.Equal(["IMAP", "SMTP"], protocols.Keys);
        Assert.Equal("imap.contoso.com", protocols["IMAP"].Element(Outlook + "Server")?.Value);
        Assert.Equal("993", protocols["IMAP"].Element(Outlook + "Port")?.Value);
        Assert.Equal("SSL", protocols["IMAP"].Element(Outlook + "Encryption")?.Value);
        Assert.Equal("smtp.contoso.com", protocols["SMTP"].Element(Outlook + "Server")?.Value);
        Assert.Equal("TLS", protocols["SMTP"].Element(Outlook + "Encryption")?.Value);
        Assert.Equal("alice@contoso.com", protocols["SMTP"].Element(Outlook + "LoginName")?.Value);
        Assert.Equal("on", protocols["SMTP"].Element(Outlook + "AuthRequired")?.Value);
    }

    [Fact]
    public async Task Autodiscover_Get_AnswersSettings()
    {
        await using var host = new PortalHost().WithContosoServers();
        using var client = host.CreateRawClient();

        using var response = await client.GetAsync(new Uri("/autodiscover/autodiscover.xml?emailaddress=alice%40contoso.com", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("not xml at all")]
    [InlineData("<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\"><Request/></Autodiscover>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\"><Request><EMailAddress>&x;</EMailAddress></Request></Autodiscover>")]
    [InlineData("<Autodiscover><Request><EMailAddress>alice@contoso.com</EMailAddress></Request></Autodiscover>")]
    public async Task Autodiscover_MalformedOrHostileRequest_Returns400(string body)
    {
        await using var host = new PortalHost().WithContosoServers();
        using var client = host.CreateRawClient();

        using var response = await client.PostAsync(new Uri("/autodiscover/autodiscover.xml", UriKind.Relative), new StringContent(body, Encoding.UTF8, "text/xml"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("bob@evil.example")]
    [InlineData("</EMailAddress>")]
    [InlineData("alice@contoso.com\u0001")]
    public async Task Autodiscover_AddressOutsideDomainOrInvalid_Returns400(string address)
    {
        await using var host = new PortalHost().WithContosoServers();
        using var client = host.CreateRawClient();

        using var response = await client.PostAsync(new Uri("/autodiscover/autodiscover.xml", UriKind.Relative), Request(address), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Autodiscover_OversizedRequest_Returns413()
    {
        await using var host = new PortalHost().WithContosoServers();
        using var client = host.CreateRawClient();
        var padding = new string(' ', OutlookAutodiscoverBuilder.MaxRequestBytes);

        using var response = await client.PostAsync(new Uri("/autodiscover/autodiscover.xml", UriKind.Relative), new StringContent(padding + "<a/>", Encoding.UTF8, "text/xml"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static StringContent Request(string address)
    {
        var document = new XDocument(
            new XElement(
                XNamespace.Get(OutlookAutodiscoverBuilder.RequestNamespace) + "Autodiscover",
                new XElement(
                    XNamespace.Get(OutlookAutodiscoverBuilder.RequestNamespace) + "Request",
                    new XElement(XNamespace.Get(OutlookAutodiscoverBuilder.RequestNamespace) + "EMailAddress", address.Replace("\u0001", string.Empty, StringComparison.Ordinal) + (address.Contains('\u0001', StringComparison.Ordinal) ? "&#1;" : string.Empty)),
                    new XElement(XNamespace.Get(OutlookAutodiscoverBuilder.RequestNamespace) + "AcceptableResponseSchema", OutlookAutodiscoverBuilder.OutlookResponseNamespace))));
        return new StringContent(document.ToString(), Encoding.UTF8, "text/xml");
    }
}
