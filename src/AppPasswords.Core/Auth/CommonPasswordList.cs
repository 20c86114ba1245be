using System.Collections.Frozen;
using System.Reflection;

namespace AppPasswords.Core.Auth;

/// <summary>
/// The most common passwords (about 18,000 of 8 or more characters, from a ranked public dictionary shipped
/// inside this assembly). Compared case-insensitively.
/// </summary>
public sealed class CommonPasswordList
{
    private static readonly Lazy<CommonPasswordList> Shipped = new(Load);
    private readonly FrozenSet<string> passwords;

    private CommonPasswordList(FrozenSet<string> passwords) => this.passwords = passwords;

    public static CommonPasswordList Default => Shipped.Value;

    public int Count => passwords.Count;

    public bool Contains(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return passwords.Contains(password);
    }

    private static CommonPasswordList Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("AppPasswords.Core.Auth.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                set.Add(line);
            }
        }

        return new CommonPasswordList(set.ToFrozenSet(StringComparer.OrdinalIgnoreCase));
    }
}
