using System.Globalization;
using System.Text;

namespace AppPasswords.Core.Common;

/// <summary>
/// Writes RFC 4180 CSV rows to a <see cref="TextWriter"/>, one row at a time, so an export of any size runs in
/// constant memory. Every cell is quoted. Against formula injection (OWASP "CSV injection") a single quote is put in
/// front of every part of a cell that a spreadsheet could read as a formula: the cell's start and every place after a
/// separator a spreadsheet may split on (<c>, ; tab CR LF</c>), when that part starts, after spaces or double quotes,
/// with <c>= + - @</c>, tab or carriage return.
/// </summary>
public sealed class CsvWriter(TextWriter writer)
{
    /// <summary>Writes one row; null cells are written as empty quoted cells.</summary>
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

    /// <summary>The cell as it is written: neutralised against formula injection, then quoted.</summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "\"\"";
        }

        var cell = new StringBuilder(value.Length + 8);
        cell.Append('"');
        var partStarts = true;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (partStarts && StartsFormula(value, i))
            {
                cell.Append('\'');
            }

            cell.Append(c);
            if (c == '"')
            {
                cell.Append('"');
            }

            partStarts = IsSeparator(c);
        }

        return cell.Append('"').ToString();
    }

    /// <summary>An instant as ISO 8601 UTC, the format spreadsheets and scripts both read.</summary>
    public static string? Format(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool StartsFormula(string value, int start)
    {
        var i = start;
        while (i < value.Length && value[i] is ' ' or '"')
        {
            i++;
        }

        return i < value.Length && IsFormulaTrigger(value[i]);
    }

    private static bool IsSeparator(char c) => c is ',' or ';' or '\t' or '\r' or '\n';

    private static bool IsFormulaTrigger(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';
}
