using System.Text;

namespace AppPasswords.Checkpassword.Tests;

public class CheckpasswordRequestTests
{
    [Fact]
    public void Parse_UserPasswordAndTimestamp_ReturnsUserAndPassword()
    {
        var request = CheckpasswordRequest.Parse("alice@contoso.com\0abcd-efgh\01700000000\0"u8);

        Assert.NotNull(request);
        Assert.Equal("alice@contoso.com", request.User);
        Assert.Equal("abcd-efgh", request.Password);
    }

    [Fact]
    public void Parse_UnicodeUser_DecodesUtf8()
    {
        var request = CheckpasswordRequest.Parse(Encoding.UTF8.GetBytes("张伟@contoso.com\0pässword\0"));

        Assert.Equal("张伟@contoso.com", request?.User);
        Assert.Equal("pässword", request?.Password);
    }

    [Theory]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("alice\0")]
    [InlineData("alice\0password")]
    [InlineData("\0password\0")]
    [InlineData("alice\0\0")]
    public void Parse_Malformed_ReturnsNull(string payload)
    {
        Assert.Null(CheckpasswordRequest.Parse(Encoding.UTF8.GetBytes(payload)));
    }

    [Fact]
    public void Parse_Over512Bytes_ReturnsNull()
    {
        var payload = Encoding.ASCII.GetBytes("alice\0" + new string('x', 510) + "\0");

        Assert.Null(CheckpasswordRequest.Parse(payload));
    }

    [Fact]
    public void Parse_InvalidUtf8_ReturnsNull()
    {
        Assert.Null(CheckpasswordRequest.Parse([0x61, 0xff, 0xfe, 0, 0x70, 0]));
    }

    [Fact]
    public void ToString_NeverContainsPassword()
    {
        var request = CheckpasswordRequest.Parse("alice\0s3cret-value\0"u8);

        Assert.DoesNotContain("s3cret-value", request?.ToString(), StringComparison.Ordinal);
    }
}
