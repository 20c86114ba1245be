using System.Text;
using AppPasswords.Core.Common;
using AppPasswords.Core.Mfa;

namespace AppPasswords.Core.Tests.Mfa;

public class TotpAuthenticatorTests
{
    // RFC 6238 appendix B, SHA-1 seed; the 8-digit reference values truncated to the last six digits.
    private static readonly byte[] RfcSeed = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    public void ComputeCode_RfcVectors_Match(long unixSeconds, string expected)
    {
        Assert.Equal(expected, TotpAuthenticator.ComputeCode(RfcSeed, DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));
    }

    [Fact]
    public void GenerateSeed_Always_Is160BitsFromRandomSource()
    {
        var random = new CountingRandom();

        var seed = TotpAuthenticator.GenerateSeed(random);

        Assert.Equal(20, seed.Length);
        Assert.Equal(20, random.BytesFilled);
    }

    [Fact]
    public void Verify_CodeOfCurrentPreviousAndNextStep_Accepted()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var step = TotpAuthenticator.TimeStepAt(now);

        Assert.Equal(step, TotpAuthenticator.Verify(RfcSeed, TotpAuthenticator.ComputeCode(RfcSeed, now), now, null));
        Assert.Equal(step - 1, TotpAuthenticator.Verify(RfcSeed, TotpAuthenticator.ComputeCode(RfcSeed, now.AddSeconds(-30)), now, null));
        Assert.Equal(step + 1, TotpAuthenticator.Verify(RfcSeed, TotpAuthenticator.ComputeCode(RfcSeed, now.AddSeconds(30)), now, null));
    }

    [Fact]
    public void Verify_CodeTwoStepsAway_Refused()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        Assert.Null(TotpAuthenticator.Verify(RfcSeed, TotpAuthenticator.ComputeCode(RfcSeed, now.AddSeconds(-60)), now, null));
        Assert.Null(TotpAuthenticator.Verify(RfcSeed, TotpAuthenticator.ComputeCode(RfcSeed, now.AddSeconds(60)), now, null));
    }

    [Fact]
    public void Verify_StepAlreadyUsed_RefusedAsReplay()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var code = TotpAuthenticator.ComputeCode(RfcSeed, now);
        var step = TotpAuthenticator.Verify(RfcSeed, code, now, null);

        Assert.Null(TotpAuthenticator.Verify(RfcSeed, code, now, step));
        Assert.Null(TotpAuthenticator.Verify(RfcSeed, TotpAuthenticator.ComputeCode(RfcSeed, now.AddSeconds(-30)), now, step));
        Assert.NotNull(TotpAuthenticator.Verify(RfcSeed, TotpAuthenticator.ComputeCode(RfcSeed, now.AddSeconds(30)), now.AddSeconds(30), step));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("１２３４５６")]
    public void Verify_MalformedCode_Refused(string? code)
    {
        Assert.Null(TotpAuthenticator.Verify(RfcSeed, code, DateTimeOffset.FromUnixTimeSeconds(59), null));
    }

    [Fact]
    public void Verify_CodeWithSpaces_Accepted()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(59);

        Assert.NotNull(TotpAuthenticator.Verify(RfcSeed, "287 082", now, null));
    }

    [Fact]
    public void BuildUri_IssuerAndAccount_AreEncodedWithAllParameters()
    {
        var uri = TotpAuthenticator.BuildUri("Contoso Mail", "ann@contoso.com", RfcSeed);

        Assert.Equal(
            "otpauth://totp/Contoso%20Mail:ann%40contoso.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Contoso%20Mail&algorithm=SHA1&digits=6&period=30",
            uri.AbsoluteUri);
    }

    [Fact]
    public void FormatKeyForDisplay_Seed_GroupsOfFour()
    {
        Assert.Equal("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ", TotpAuthenticator.FormatKeyForDisplay(RfcSeed));
    }

    private sealed class CountingRandom : IRandomSource
    {
        public int BytesFilled { get; private set; }

        public void Fill(Span<byte> buffer)
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(buffer);
            BytesFilled += buffer.Length;
        }

        public int NextInt32(int toExclusive) => System.Security.Cryptography.RandomNumberGenerator.GetInt32(toExclusive);
    }
}
