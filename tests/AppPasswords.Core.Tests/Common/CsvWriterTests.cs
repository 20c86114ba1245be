using AppPasswords.Core.Common;

namespace AppPasswords.Core.Tests.Common;

public class CsvWriterTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1+2", "\"'+1+2\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("  =1+1", "\"'  =1+1\"")]
    [InlineData("\"=1+1\"", "\"'\"\"=1+1\"\"\"")]
    public void Escape_FormulaTriggerAtStart_PrefixesSingleQuote(string value, string expected)
    {
        Assert.Equal(expected, CsvWriter.Escape(value));
    }

    [Theory]
    [InlineData("Bob;=cmd|' /C calc'!A0", "\"Bob;'=cmd|' /C calc'!A0\"")]
    [InlineData("Bob,=1+1", "\"Bob,'=1+1\"")]
    [InlineData("Bob\t@SUM(1)", "\"Bob\t'@SUM(1)\"")]
    [InlineData("Bob\n+1", "\"Bob\n'+1\"")]
    [InlineData("Bob\r\n-1", "\"Bob\r\n'-1\"")]
    [InlineData("Bob; =1", "\"Bob;' =1\"")]
    [InlineData("Bob;\"=1\"", "\"Bob;'\"\"=1\"\"\"")]
    [InlineData("a;;=1", "\"a;;'=1\"")]
    [InlineData("a\t\t=1", "\"a\t'\t'=1\"")]
    [InlineData("=1;=2,=3", "\"'=1;'=2,'=3\"")]
    public void Escape_FormulaTriggerAfterSeparator_PrefixesThatPart(string value, string expected)
    {
        Assert.Equal(expected, CsvWriter.Escape(value));
    }

    [Theory]
    [InlineData(null, "\"\"")]
    [InlineData("", "\"\"")]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line1\nline2", "\"line1\nline2\"")]
    [InlineData("a=b", "\"a=b\"")]
    [InlineData("a;b=c", "\"a;b=c\"")]
    [InlineData("192.0.2.1", "\"192.0.2.1\"")]
    [InlineData("2001:db8::1", "\"2001:db8::1\"")]
    public void Escape_OrdinaryValue_QuotedAndOtherwiseUnchanged(string? value, string expected)
    {
        Assert.Equal(expected, CsvWriter.Escape(value));
    }

    [Fact]
    public async Task WriteRowAsync_SeveralRows_WritesCrLfSeparatedRowsEveryCellQuoted()
    {
        await using var text = new StringWriter();
        var csv = new CsvWriter(text);

        await csv.WriteRowAsync(["a", null, "=1"], TestContext.Current.CancellationToken);
        await csv.WriteRowAsync(["b,c", "d;-2"], TestContext.Current.CancellationToken);

        Assert.Equal("\"a\",\"\",\"'=1\"\r\n\"b,c\",\"d;'-2\"\r\n", text.ToString());
    }

    [Fact]
    public void Format_Instant_WritesIsoUtc()
    {
        var value = new DateTimeOffset(2026, 11, 25, 10, 30, 5, TimeSpan.FromHours(8));

        Assert.Equal("2026-11-25T02:30:05Z", CsvWriter.Format(value));
        Assert.Null(CsvWriter.Format(null));
    }
}
