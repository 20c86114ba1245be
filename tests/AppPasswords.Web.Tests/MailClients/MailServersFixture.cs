using AppPasswords.Core.MailClients;
using AppPasswords.Testing;

namespace AppPasswords.Web.Tests.MailClients;

internal static class MailServersFixture
{
    public static MailServerOptions Contoso(bool withPop3 = true) => new()
    {
        DisplayName = "Contoso Mail",
        Domain = "contoso.com",
        Imap = new MailServerEndpoint { Host = "imap.contoso.com", Port = 993, Security = "SSL/TLS" },
        Smtp = new MailServerEndpoint { Host = "smtp.contoso.com", Port = 587, Security = "STARTTLS" },
        Pop3 = withPop3 ? new MailServerEndpoint { Host = "pop.contoso.com", Port = 995, Security = "SSL/TLS" } : new(),
    };

    public static PortalHost WithContosoServers(this PortalHost host) => host
        .With("MailServers:DisplayName", "Contoso Mail")
        .With("MailServers:Domain", "contoso.com")
        .With("MailServers:Imap:Host", "imap.contoso.com")
        .With("MailServers:Imap:Port", "993")
        .With("MailServers:Imap:Security", "SSL/TLS")
        .With("MailServers:Smtp:Host", "smtp.contoso.com")
        .With("MailServers:Smtp:Port", "587")
        .With("MailServers:Smtp:Security", "STARTTLS");
}
