using System.Security.Claims;
using System.Text.Json;
using AppPasswords.Core.Security;
using AppPasswords.Web.Auth;

namespace AppPasswords.Web.Pages.UserAppPasswords;

/// <summary>
/// Hands a new app password (or service key) from the Create POST to the Created page exactly once, through a
/// database ticket (<see cref="IShownOnceTicketStore"/>): the secret is encrypted with Data Protection, the ticket is
/// known only to the creating user's TempData and bound to that user and sign-in session, and taking it deletes it,
/// so a reload, the back button or a second tab find nothing, whichever instance serves the request. Chosen over
/// TempData-only because a TempData cookie is a bearer copy of the secret until it expires, whereas here the server
/// forgets it on first read.
/// <para>
/// The Created page may hand the secret on once more, as a download grant (<see cref="GrantDownloadAsync"/>): a
/// second ticket, embedded only in that one display, that lets the same user download the Apple configuration
/// profile once within <see cref="ShownOnceOptions.DownloadLifetime"/>.
/// </para>
/// </summary>
public sealed class ShownOnceSecretStore(IShownOnceTicketStore tickets)
{
    /// <summary>Length of every ticket: 32 random bytes as hexadecimal.</summary>
    public const int TicketLength = ShownOnceTicketFormat.Length;

    public Task<string> PutAsync(ClaimsPrincipal user, ShownOnceSecret secret, CancellationToken cancellationToken = default) =>
        PutAsync(ShownOnceTicketKind.Display, user, secret, cancellationToken);

    /// <summary>The secret for this user, session and ticket, removed from the store; null when absent, expired or already taken.</summary>
    public Task<ShownOnceSecret?> TakeAsync(ClaimsPrincipal user, string? ticket, CancellationToken cancellationToken = default) =>
        TakeAsync(ShownOnceTicketKind.Display, user, ticket, cancellationToken);

    /// <summary>Keeps <paramref name="secret"/> for one download by the same user; returns the download ticket.</summary>
    public Task<string> GrantDownloadAsync(ClaimsPrincipal user, ShownOnceSecret secret, CancellationToken cancellationToken = default) =>
        PutAsync(ShownOnceTicketKind.Download, user, secret, cancellationToken);

    /// <summary>The secret granted for one download, removed from the store; null when absent, expired, already taken or another user's.</summary>
    public Task<ShownOnceSecret?> TakeDownloadAsync(ClaimsPrincipal user, string? ticket, CancellationToken cancellationToken = default) =>
        TakeAsync(ShownOnceTicketKind.Download, user, ticket, cancellationToken);

    private Task<string> PutAsync(ShownOnceTicketKind kind, ClaimsPrincipal user, ShownOnceSecret secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(secret);
        return tickets.IssueAsync(kind, user.GetUserId(), user.GetSessionId(), JsonSerializer.Serialize(secret), cancellationToken);
    }

    private async Task<ShownOnceSecret?> TakeAsync(ShownOnceTicketKind kind, ClaimsPrincipal user, string? ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var payload = await tickets.TakeAsync(kind, user.GetUserId(), user.GetSessionId(), ticket, cancellationToken);
        return payload is null ? null : JsonSerializer.Deserialize<ShownOnceSecret>(payload);
    }
}

public sealed record ShownOnceSecret(Guid AppPasswordId, string Label, string Password);
