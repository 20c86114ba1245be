using System.Globalization;
using System.Text;

namespace AppPasswords.Core.Auth;

/// <summary>
/// What sign-in logs and audit may say about a typed user name: often a mistyped password, so never the full text.
/// </summary>
public static class SignInLogText
{
    /// <summary>Characters of a known user name shown before the mask.</summary>
    public const int ShownCharacters = 2;

    /// <summary>
    /// A name that exists in the directory: its first two characters, <c>***</c> and its length (<c>al***(5)</c>).
    /// A name that does not exist (a password typed into the name field, or a guess): only <c>***</c> and its length.
    /// Control characters (CR, LF, ...) among the shown ones are escaped, so the text can never start a new log line.
    /// </summary>
    public static string MaskUserName(string typed, bool exists)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var builder = new StringBuilder();
        if (exists)
        {
            foreach (var c in typed.AsSpan(0, Math.Min(ShownCharacters, typed.Length)))
            {
                AppendEscaped(builder, c);
            }
        }

        return builder.Append("***(").Append(typed.Length.ToString(CultureInfo.InvariantCulture)).Append(')').ToString();
    }

    private static void AppendEscaped(StringBuilder builder, char c)
    {
        switch (c)
        {
            case '\r':
                builder.Append("\\r");
                break;
            case '\n':
                builder.Append("\\n");
                break;
            case '\\':
                builder.Append("\\\\");
                break;
            default:
                if (char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Format)
                {
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(c);
                }

                break;
        }
    }
}
