using AppPasswords.Core.Common;

namespace AppPasswords.Core.Tests.Common;

public class ControlCharactersTests
{
    [Theory]
    [InlineData("a\r\nb", "a\\r\\nb")]
    [InlineData("a\tb", "a\\tb")]
    [InlineData("\0", "\\u0000")]
    [InlineData("\u001b[31m", "\\u001B[31m")]
    [InlineData("del\u007f", "del\\u007F")]
    [InlineData("nel\u0085c1\u009f", "nel\\u0085c1\\u009F")]
    [InlineData("line\u2028para\u2029", "line\\u2028para\\u2029")]
    [InlineData("\n", "\\n")]
    public void Escape_ControlCharacter_VisibleEscape(string value, string expected)
    {
        Assert.Equal(expected, ControlCharacters.Escape(value));
        Assert.True(ControlCharacters.Contains(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain text")]
    [InlineData("張偉 \u00e9 \u00a0 emoji \U0001F600")]
    [InlineData("already \\r\\n escaped")]
    public void Escape_NoControlCharacter_SameInstance(string value)
    {
        Assert.Same(value, ControlCharacters.Escape(value));
        Assert.False(ControlCharacters.Contains(value));
    }

    [Fact]
    public void Escape_Null_Null() => Assert.Null(ControlCharacters.Escape(null));
}
