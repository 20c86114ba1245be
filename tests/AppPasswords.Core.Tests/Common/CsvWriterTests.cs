using AppPasswords.Core.Common;

namespace AppPasswords.Core.Tests.Common;

public class CsvWriterTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1+2", "'+1+2")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    public void Escape_FormulaTrigger_PrefixesSingleQuote(string value, string expected)
    {
        Assert.Equal(expected, CsvWriter.Escape(value));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line1\nline2", "\"line1\nline2\"")]
    [InlineData("a=b", "a=b")]
    [InlineData("192.0.2.1", "192.0.2.1")]
    public void Escape_OrdinaryValue_QuotesOnlyWhenNeeded(string? value, string expected)
    {
        Assert.Equal(expected, CsvWriter.Escape(value));
    }

    [Fact]
    public async Task WriteRowAsync_SeveralRows_WritesCrLfSeparatedRows()
    {
        await using var text = new StringWriter();
        var csv = new CsvWriter(text);

        await csv.WriteRowAsync(["a", null, "=1"], TestContext.Current.CancellationToken);
        await csv.WriteRowAsync(["b,c", "d"], TestContext.Current.CancellationToken);

        Assert.Equal("a,,'=1\r\n\"b,c\",d\r\n", text.ToString());
    }

    [Fact]
    public void Format_Instant_WritesIsoUtc()
    {
        var value = new DateTimeOffset(2026, 11, 25, 10, 30, 5, TimeSpan.FromHours(8));

        Assert.Equal("2026-11-25T02:30:05Z", CsvWriter.Format(value));
        Assert.Null(CsvWriter.Format(null));
    }
}
