using AppPasswords.Core.Contacts;

namespace AppPasswords.Core.Tests.Contacts;

public class ContactValueTests
{
    [Theory]
    [InlineData("(201) 555-0123", "US", "+12015550123")]
    [InlineData("+1 201 555 0123", null, "+12015550123")]
    [InlineData("020 7946 0018", "GB", "+442079460018")]
    [InlineData("138 0013 8000", "CN", "+8613800138000")]
    [InlineData("+86 138 0013 8000", "US", "+8613800138000")]
    public void TryNormalize_ValidNumbers_E164(string input, string? region, string expected)
    {
        Assert.True(PhoneNumberValues.TryNormalize(input, region, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData(null, "US")]
    [InlineData("", "US")]
    [InlineData("12", "US")]
    [InlineData("555-0123", "US")]
    [InlineData("hello", "US")]
    [InlineData("2015550123", null)]
    [InlineData("2015550123", "XX")]
    [InlineData("+1 201 555 0123 0000000000000000000000", "US")]
    [InlineData("<script>alert(1)</script>", "US")]
    [InlineData("+999 1234567", null)]
    public void TryNormalize_InvalidNumbers_Refused(string? input, string? region)
    {
        Assert.False(PhoneNumberValues.TryNormalize(input, region, out _));
    }

    [Fact]
    public void Mask_E164_ShowsCallingCodeAndLastFour()
    {
        Assert.Equal("+1 ••• ••• 0123", PhoneNumberValues.Mask("+12015550123"));
        Assert.Equal("+86 ••• ••• 8000", PhoneNumberValues.Mask("+8613800138000"));
    }

    [Fact]
    public void Regions_Include_UsAndCn()
    {
        Assert.Contains(("US", 1), PhoneNumberValues.Regions);
        Assert.Contains(("CN", 86), PhoneNumberValues.Regions);
    }

    [Theory]
    [InlineData("ann@contoso.com", "ann@contoso.com")]
    [InlineData("  Ann.Lee@Contoso.COM ", "ann.lee@contoso.com")]
    public void TryNormalizeEmail_Valid_LowerCased(string input, string expected)
    {
        Assert.True(EmailAddresses.TryNormalize(input, out var address));
        Assert.Equal(expected, address);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ann")]
    [InlineData("ann@")]
    [InlineData("@contoso.com")]
    [InlineData("ann@localhost")]
    [InlineData("Ann <ann@contoso.com>")]
    [InlineData("ann@contoso.com, bob@contoso.com")]
    [InlineData("ann @contoso.com")]
    [InlineData("ann@contoso.com\r\nBcc: eve@evil.test")]
    public void TryNormalizeEmail_Malformed_Refused(string? input)
    {
        Assert.False(EmailAddresses.TryNormalize(input, out _));
    }

    [Fact]
    public void TryNormalizeEmail_TooLong_Refused()
    {
        Assert.False(EmailAddresses.TryNormalize(new string('a', 65) + "@contoso.com", out _));
        Assert.False(EmailAddresses.TryNormalize("a@" + new string('b', 250) + ".com", out _));
    }

    [Fact]
    public void MaskEmail_Address_FirstCharacterAndDomain()
    {
        Assert.Equal("a•••@contoso.com", EmailAddresses.Mask("ann@contoso.com"));
    }
}
