using System.Globalization;

namespace AppPasswords.Core.Common;

/// <summary>
/// Writes RFC 4180 CSV rows to a <see cref="TextWriter"/>, one row at a time, so an export of any size runs in
/// constant memory. Every cell that a spreadsheet would read as a formula (first character <c>= + - @</c>, tab or
/// carriage return) is neutralised with a leading single quote (OWASP "CSV injection").
/// </summary>
public sealed class CsvWriter(TextWriter writer)
{
    private static readonly char[] QuoteTriggers = [',', '"', '\r', '\n'];

    /// <summary>Writes one row; null cells are written empty.</summary>
    public async Task WriteRowAsync(IReadOnlyList<string?> cells, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cells);
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                await writer.WriteAsync(",".AsMemory(), cancellationToken);
            }

            await writer.WriteAsync(Escape(cells[i]).AsMemory(), cancellationToken);
        }

        await writer.WriteAsync("\r\n".AsMemory(), cancellationToken);
    }

    /// <summary>The cell as it is written: neutralised against formula injection, then quoted when needed.</summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (IsFormulaTrigger(value[0]))
        {
            value = "'" + value;
        }

        return value.IndexOfAny(QuoteTriggers) >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    /// <summary>An instant as ISO 8601 UTC, the format spreadsheets and scripts both read.</summary>
    public static string? Format(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool IsFormulaTrigger(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';
}
