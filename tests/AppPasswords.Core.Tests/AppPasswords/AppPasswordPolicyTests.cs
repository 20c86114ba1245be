using AppPasswords.Core.AppPasswords;

namespace AppPasswords.Core.Tests.AppPasswords;

public class AppPasswordPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Default_Allows40ActiveAllProtocolsNoMaximumLifetime()
    {
        Assert.Equal(new AppPasswordPolicy(true, 40, null, AppPasswordProtocols.All), AppPasswordPolicy.Default);
        Assert.Equal(AppPasswordPolicy.Default, new AppPasswordPolicyOptions().ToPolicy());
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(30, null, 30)]
    [InlineData(null, 90, 90)]
    [InlineData(365, 90, 90)]
    [InlineData(30, 90, 30)]
    public void ExpiryFor_RequestedAndMaximum_UsesTheShorter(int? requestedDays, int? maxDays, int? expectedDays)
    {
        var policy = new AppPasswordPolicyOptions { MaxLifetimeDays = maxDays }.ToPolicy();

        var expiry = policy.ExpiryFor(Now, requestedDays is { } d ? TimeSpan.FromDays(d) : null);

        Assert.Equal(expectedDays is { } e ? Now.AddDays(e) : null, expiry);
    }

    [Theory]
    [InlineData("imap", AppPasswordProtocols.Imap)]
    [InlineData("smtp", AppPasswordProtocols.Smtp)]
    [InlineData("pop3", AppPasswordProtocols.Pop3)]
    [InlineData("eas", AppPasswordProtocols.ExchangeActiveSync)]
    [InlineData("dav", AppPasswordProtocols.CalDavCardDav)]
    public void ProtocolNames_RoundTrip(string name, AppPasswordProtocols protocol)
    {
        Assert.True(AppPasswordProtocolNames.TryParse(name, out var parsed));
        Assert.Equal(protocol, parsed);
        Assert.Equal(name, AppPasswordProtocolNames.ToWireName(protocol));
    }

    [Theory]
    [InlineData("IMAP")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("ftp")]
    public void ProtocolNames_Unknown_AreRejected(string? name)
    {
        Assert.False(AppPasswordProtocolNames.TryParse(name, out _));
    }
}
