using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;

namespace AppPasswords.Web.Pages.UserAppPasswords;

/// <summary>
/// Hands a new app password from the Create POST to the Created page exactly once. The password is encrypted
/// with Data Protection and held in server memory for at most <see cref="Lifetime"/> under a random ticket that
/// only the creating user's TempData knows; reading removes it, so a reload, the back button or a second tab find
/// nothing. Chosen over TempData-only because a TempData cookie is a bearer copy of the secret until it expires,
/// whereas here the server forgets it on first read. Needs sticky sessions when several instances serve the portal.
/// </summary>
public sealed class ShownOnceSecretStore(IMemoryCache cache, IDataProtectionProvider dataProtection)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly IDataProtector protector = dataProtection.CreateProtector("AppPasswords.ShownOnce.v1");

    public string Put(Guid userId, ShownOnceSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var ticket = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var payload = protector.Protect(System.Text.Json.JsonSerializer.Serialize(secret));
        cache.Set(Key(userId, ticket), payload, Lifetime);
        return ticket;
    }

    /// <summary>The secret for this user and ticket, removed from the store; null when absent, expired or already taken.</summary>
    public ShownOnceSecret? Take(Guid userId, string? ticket)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length != 64)
        {
            return null;
        }

        var key = Key(userId, ticket);
        if (!cache.TryGetValue(key, out string? payload) || payload is null)
        {
            return null;
        }

        cache.Remove(key);
        return System.Text.Json.JsonSerializer.Deserialize<ShownOnceSecret>(protector.Unprotect(payload));
    }

    private static string Key(Guid userId, string ticket) => $"AppPasswords.ShownOnce:{userId:N}:{ticket}";
}

public sealed record ShownOnceSecret(Guid AppPasswordId, string Label, string Password);
