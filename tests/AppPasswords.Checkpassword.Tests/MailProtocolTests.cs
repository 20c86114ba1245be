namespace AppPasswords.Checkpassword.Tests;

public class MailProtocolTests
{
    [Theory]
    [InlineData("imap", "imap")]
    [InlineData("IMAP", "imap")]
    [InlineData("pop3", "pop3")]
    [InlineData("smtp", "smtp")]
    [InlineData("submission", "smtp")]
    public void FromDovecotService_MailService_MapsToScope(string service, string expected)
    {
        Assert.Equal(expected, MailProtocol.FromDovecotService(service));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sieve")]
    [InlineData("doveadm")]
    [InlineData("imap\nsmtp")]
    public void FromDovecotService_OtherService_ReturnsNull(string? service)
    {
        Assert.Null(MailProtocol.FromDovecotService(service));
    }
}
