using AppPasswords.Core.ServiceKeys;
using AppPasswords.Core.Tests.Security;

namespace AppPasswords.Core.Tests.ServiceKeys;

public class ServiceKeyFormatTests
{
    [Fact]
    public void NewParts_Compose_TryParse_RoundTrip()
    {
        var (prefix, secret) = ServiceKeyFormat.NewParts(new CryptoRandom());
        var key = ServiceKeyFormat.Compose(prefix, secret);

        Assert.StartsWith("apsk_", key, StringComparison.Ordinal);
        Assert.True(ServiceKeyFormat.TryParse(key, out var p, out var s));
        Assert.Equal((prefix, secret), (p, s));
        Assert.True(secret.Length * Math.Log2(62) >= 256);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("apsk_")]
    [InlineData("apsk_abcdefghijkl_short")]
    [InlineData("APSK_abcdefghijkl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("apsk_ABCDEFGHIJKL_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("apsk_abcdefghijkl-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("apsk_abcdefghijkl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void TryParse_Malformed_ReturnsFalse(string? key)
    {
        Assert.False(ServiceKeyFormat.TryParse(key, out _, out _));
    }
}
