using System.Diagnostics.CodeAnalysis;

namespace AppPasswords.Core.AppPasswords;

/// <summary>The mail protocols an app password may be used with.</summary>
[Flags]
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Plural flags enum.")]
public enum AppPasswordProtocols
{
    None = 0,
    Imap = 1,
    Smtp = 2,
    Pop3 = 4,
    ExchangeActiveSync = 8,
    CalDavCardDav = 16,
    All = Imap | Smtp | Pop3 | ExchangeActiveSync | CalDavCardDav,
}

/// <summary>The wire names of protocols used by the verify API (<c>imap|smtp|pop3|eas|dav</c>).</summary>
public static class AppPasswordProtocolNames
{
    public static readonly IReadOnlyList<AppPasswordProtocols> Each =
    [
        AppPasswordProtocols.Imap,
        AppPasswordProtocols.Smtp,
        AppPasswordProtocols.Pop3,
        AppPasswordProtocols.ExchangeActiveSync,
        AppPasswordProtocols.CalDavCardDav,
    ];

    public static bool TryParse(string? name, out AppPasswordProtocols protocol)
    {
        protocol = name switch
        {
            "imap" => AppPasswordProtocols.Imap,
            "smtp" => AppPasswordProtocols.Smtp,
            "pop3" => AppPasswordProtocols.Pop3,
            "eas" => AppPasswordProtocols.ExchangeActiveSync,
            "dav" => AppPasswordProtocols.CalDavCardDav,
            _ => AppPasswordProtocols.None,
        };
        return protocol != AppPasswordProtocols.None;
    }

    public static string ToWireName(AppPasswordProtocols protocol) => protocol switch
    {
        AppPasswordProtocols.Imap => "imap",
        AppPasswordProtocols.Smtp => "smtp",
        AppPasswordProtocols.Pop3 => "pop3",
        AppPasswordProtocols.ExchangeActiveSync => "eas",
        AppPasswordProtocols.CalDavCardDav => "dav",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Not a single protocol."),
    };
}
