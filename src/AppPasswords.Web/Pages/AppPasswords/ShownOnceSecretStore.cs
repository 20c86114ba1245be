using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;

namespace AppPasswords.Web.Pages.UserAppPasswords;

/// <summary>
/// Hands a new app password from the Create POST to the Created page exactly once. The password is encrypted
/// with Data Protection and held in server memory for at most <see cref="Lifetime"/> under a random ticket that
/// only the creating user's TempData knows; reading removes it, so a reload, the back button or a second tab find
/// nothing. Chosen over TempData-only because a TempData cookie is a bearer copy of the secret until it expires,
/// whereas here the server forgets it on first read. Needs sticky sessions when several instances serve the portal.
/// <para>
/// The Created page may hand the secret on once more, as a download grant (<see cref="GrantDownload"/>): a second
/// random ticket, embedded only in that one display, that lets the same user download the Apple configuration
/// profile once within <see cref="DownloadLifetime"/>. Taking either ticket is atomic, so two parallel requests
/// never both get the secret.
/// </para>
/// </summary>
public sealed class ShownOnceSecretStore(IMemoryCache cache, IDataProtectionProvider dataProtection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>How long after the one-time display the configuration profile can still be downloaded.</summary>
    public static readonly TimeSpan DownloadLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Length of every ticket: 32 random bytes as hexadecimal.</summary>
    public const int TicketLength = 64;

    private const string DisplayKind = "Display";
    private const string DownloadKind = "Download";

    private readonly IDataProtector protector = dataProtection.CreateProtector("AppPasswords.ShownOnce.v1");

    public string Put(Guid userId, ShownOnceSecret secret) => Put(DisplayKind, userId, secret, Lifetime);

    /// <summary>The secret for this user and ticket, removed from the store; null when absent, expired or already taken.</summary>
    public ShownOnceSecret? Take(Guid userId, string? ticket) => Take(DisplayKind, userId, ticket);

    /// <summary>Keeps <paramref name="secret"/> for one download by the same user; returns the download ticket.</summary>
    public string GrantDownload(Guid userId, ShownOnceSecret secret) => Put(DownloadKind, userId, secret, DownloadLifetime);

    /// <summary>The secret granted for one download, removed from the store; null when absent, expired, already taken or another user's.</summary>
    public ShownOnceSecret? TakeDownload(Guid userId, string? ticket) => Take(DownloadKind, userId, ticket);

    private string Put(string kind, Guid userId, ShownOnceSecret secret, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var ticket = Convert.ToHexString(RandomNumberGenerator.GetBytes(TicketLength / 2));
        var entry = new Entry(protector.Protect(JsonSerializer.Serialize(secret)), clock.GetUtcNow() + lifetime);
        cache.Set(Key(kind, userId, ticket), entry, lifetime);
        return ticket;
    }

    private ShownOnceSecret? Take(string kind, Guid userId, string? ticket)
    {
        if (ticket is not { Length: TicketLength } || !ticket.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        var key = Key(kind, userId, ticket.ToUpperInvariant());
        if (!cache.TryGetValue(key, out Entry? entry) || entry is null)
        {
            return null;
        }

        cache.Remove(key);
        var payload = entry.TakePayload();
        if (payload is null || clock.GetUtcNow() >= entry.ExpiresAt)
        {
            return null;
        }

        return JsonSerializer.Deserialize<ShownOnceSecret>(protector.Unprotect(payload));
    }

    private static string Key(string kind, Guid userId, string ticket) => $"AppPasswords.ShownOnce:{kind}:{userId:N}:{ticket}";

    /// <summary>A protected secret that can be taken out exactly once, whatever the number of concurrent readers.</summary>
    private sealed class Entry(string payload, DateTimeOffset expiresAt)
    {
        private string? payload = payload;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public string? TakePayload() => Interlocked.Exchange(ref payload, null);
    }
}

public sealed record ShownOnceSecret(Guid AppPasswordId, string Label, string Password);
