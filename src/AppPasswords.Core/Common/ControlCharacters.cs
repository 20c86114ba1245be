using System.Buffers;
using System.Globalization;
using System.Text;

namespace AppPasswords.Core.Common;

/// <summary>
/// Makes a user-supplied value safe to write on one line of a log or the audit log: CR, LF, tab and the other C0
/// and C1 control characters, DEL and the Unicode line and paragraph separators become visible escapes
/// (<c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\u2028</c>, ...), so a value cannot forge a second line or event.
/// Values without such characters are returned as they are (the same instance).
/// </summary>
public static class ControlCharacters
{
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c), '\u2028', '\u2029']);

    public static bool Contains(ReadOnlySpan<char> value) => value.IndexOfAny(Unsafe) >= 0;

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public static string? Escape(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var first = value.AsSpan().IndexOfAny(Unsafe);
        if (first < 0)
        {
            return value;
        }

        var escaped = new StringBuilder(value.Length + 16);
        escaped.Append(value, 0, first);
        for (var i = first; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\r':
                    escaped.Append("\\r");
                    break;
                case '\n':
                    escaped.Append("\\n");
                    break;
                case '\t':
                    escaped.Append("\\t");
                    break;
                default:
                    if (Unsafe.Contains(c))
                    {
                        escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        escaped.Append(c);
                    }

                    break;
            }
        }

        return escaped.ToString();
    }
}
